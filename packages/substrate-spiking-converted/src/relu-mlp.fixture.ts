import {
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  headActivations,
  type Matrix,
  matrix,
  type Observation,
  type ParameterView,
  Rng,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';

/**
 * A test source: a seeded random feed-forward ReLU network (widths `hidden`, then a linear readout to
 * the output width), with the sites and parameter views of the dense substrate. Fitting only draws the
 * weights: it checks conversion fidelity, not learning. `activation: 'tanh'` makes a source the
 * conversion must refuse.
 */
class ReluMlp extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'relu-mlp',
    family: 'dense',
    synchronous: true,
    description: 'test source',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe', 'parameters']);
  private layers: { w: Float32Array; b: Float32Array; rows: number; cols: number }[] = [];

  constructor(
    private readonly hidden: readonly number[],
    private readonly activation: 'relu' | 'tanh',
  ) {
    super();
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const rng = new Rng(options.seed);
    const widths = [dataset.train.inputs.cols, ...this.hidden, dataset.train.targets.cols];
    this.layers = widths.slice(1).map((rows, l) => {
      const cols = widths[l]!;
      return {
        rows,
        cols,
        w: Float32Array.from({ length: rows * cols }, () => rng.normal(0, 2 / Math.sqrt(cols))),
        b: Float32Array.from({ length: rows }, () => rng.normal(0, 0.3)),
      };
    });
    return { epochs: 0, wallMs: 0 };
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return headActivations(this.forward(inputs).at(-1)!, this.heads);
  }

  protected _units(): UnitGroup[] {
    const groups: UnitGroup[] = this.hidden.flatMap((size, i) => [
      { site: `h${i}.pre`, size, state: 'preactivation' },
      { site: `h${i}.post`, size, state: 'activation' },
    ]);
    return [...groups, { site: 'out.pre', size: this.layers.at(-1)!.rows, state: 'preactivation' }];
  }

  protected override async _observe(inputs: Matrix, sites: readonly string[]): Promise<Observation> {
    const states = this.forward(inputs);
    const names = this._units().map((g) => g.site);
    return {
      states: Object.fromEntries(sites.map((s) => [s, states[names.indexOf(s)]!])),
      cost: forwardPassCost(inputs.rows, performance.now()),
    };
  }

  protected override _parameters(): ParameterView[] {
    return this.layers.flatMap((layer, l): ParameterView[] => {
      const to = l === this.hidden.length ? 'out.pre' : `h${l}.pre`;
      return [
        {
          name: `W${l}`,
          from: l === 0 ? 'input' : `h${l - 1}.post`,
          to,
          rows: layer.rows,
          cols: layer.cols,
          read: () => layer.w.slice(),
        },
        { name: `b${l}`, to, rows: layer.rows, cols: 1, read: () => layer.b.slice() },
      ];
    });
  }

  /** States in site order: pre and post of each hidden layer, then the logits. */
  private forward(inputs: Matrix): Matrix[] {
    const states: Matrix[] = [];
    let x = inputs;
    this.layers.forEach((layer, l) => {
      const pre = matrix(x.rows, layer.rows);
      for (let e = 0; e < x.rows; e++)
        for (let i = 0; i < layer.rows; i++) {
          let sum = layer.b[i]!;
          for (let j = 0; j < layer.cols; j++) sum += layer.w[i * layer.cols + j]! * x.data[e * x.cols + j]!;
          pre.data[e * layer.rows + i] = sum;
        }
      states.push(pre);
      if (l === this.layers.length - 1) return;
      const post = matrix(
        pre.rows,
        pre.cols,
        pre.data.map(this.activation === 'relu' ? (v) => Math.max(0, v) : Math.tanh),
      );
      states.push(post);
      x = post;
    });
    return states;
  }
}

/** A factory of random ReLU (or tanh) networks of the given hidden widths. */
export function reluMlpFactory(
  hidden: readonly number[],
  activation: 'relu' | 'tanh' = 'relu',
): SubstrateFactory {
  return {
    id: 'relu-mlp',
    family: 'dense',
    synchronous: true,
    learning: 'none (random weights, a test source)',
    description: 'test source',
    create: () => new ReluMlp(hidden, activation),
    load: () => Promise.reject(new Error('not saved')),
  };
}
