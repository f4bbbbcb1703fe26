import {
  accuracy,
  applyInterventions,
  BaseSubstrate,
  type Capability,
  type Dataset,
  decodeFloat32,
  encodeFloat32,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  headActivations,
  type Intervention,
  interventionsAt,
  type Matrix,
  matrix,
  type Observation,
  type ObserveOptions,
  type OutputHead,
  outputWidth,
  type ParameterView,
  Rng,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';

/**
 * The reference substrate: a random-features network small enough to read in five minutes.
 * hidden.pre = W0·x + b0 (W0, b0 random, seeded), hidden = tanh(hidden.pre),
 * out.pre = W1·hidden (W1 fitted by ridge regression on the targets), outputs = head nonlinearity.
 * Copy its shape when writing a substrate: hooks receive validated arguments from BaseSubstrate.
 */
export class ReferenceSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'reference',
    family: 'dense',
    synchronous: true,
    description: 'Random tanh features with a ridge-regression readout (the testkit reference).',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
    'serialize',
  ]);
  /** [hidden x inputs], [hidden], [outputs x hidden], row-major. */
  protected w0: Float32Array = new Float32Array(0);
  protected b0: Float32Array = new Float32Array(0);
  protected w1: Float32Array = new Float32Array(0);

  constructor(readonly hiddenSize = 32) {
    super();
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const started = performance.now();
    const inputs = dataset.train.inputs;
    const rng = new Rng(options.seed);
    const h = this.hiddenSize;
    const w0 = Float32Array.from({ length: h * inputs.cols }, () =>
      rng.normal(0, 1 / Math.sqrt(inputs.cols)),
    );
    const b0 = Float32Array.from({ length: h }, () => rng.normal(0, 0.5));
    const hidden = this.forwardHidden(inputs, w0, b0).post;
    const w1 = ridge(hidden, dataset.train.targets, 1e-2);
    // Fitted aside, committed only if nobody aborted at the (single) progress report: an aborted re-fit
    // leaves the substrate as it was.
    options.onProgress?.({ fraction: 1, message: 'readout solved' });
    options.signal?.throwIfAborted();
    this.w0 = w0;
    this.b0 = b0;
    this.w1 = w1;
    this.heads = dataset.heads;
    const trainScore = accuracy(this.readout(hidden), dataset.train.targets, dataset.heads);
    return { epochs: 1, wallMs: performance.now() - started, trainScore };
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.readout(this.forwardHidden(inputs).post);
  }

  protected _units(): UnitGroup[] {
    const out = outputWidth(this.heads);
    return [
      { site: 'hidden.pre', size: this.hiddenSize, state: 'preactivation' },
      { site: 'hidden', size: this.hiddenSize, state: 'activation' },
      { site: 'out.pre', size: out, state: 'preactivation' },
    ];
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    _options: ObserveOptions,
  ): Promise<Observation> {
    const started = performance.now();
    const { pre, post } = this.forwardHidden(inputs);
    const all: Record<string, Matrix> = { 'hidden.pre': pre, hidden: post, 'out.pre': this.logits(post) };
    const states: Record<string, Matrix> = {};
    for (const site of sites) states[site] = all[site]!;
    return {
      states,
      cost: forwardPassCost(inputs.rows, started),
    };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    const pre = this.forwardHidden(inputs).pre;
    applyInterventions(pre, interventionsAt('hidden.pre', interventions));
    const post = matrix(pre.rows, pre.cols, pre.data.map(Math.tanh));
    applyInterventions(post, interventionsAt('hidden', interventions));
    const logits = this.logits(post);
    applyInterventions(logits, interventionsAt('out.pre', interventions));
    return headActivations(logits, this.heads);
  }

  protected override _parameters(): ParameterView[] {
    const h = this.hiddenSize;
    const view = (
      name: string,
      to: string,
      rows: number,
      cols: number,
      values: () => Float32Array,
      from?: string,
    ): ParameterView => ({
      name,
      to,
      rows,
      cols,
      ...(from ? { from } : {}),
      read: () => values().slice(),
    });
    return [
      view('W0', 'hidden.pre', h, this.inputWidth, () => this.w0, 'input'),
      view('b0', 'hidden.pre', h, 1, () => this.b0),
      view('W1', 'out.pre', outputWidth(this.heads), h, () => this.w1, 'hidden'),
    ];
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const target = name === 'W0' ? this.w0 : name === 'b0' ? this.b0 : this.w1;
    for (let i = 0; i < delta.length; i++) target[i]! += delta[i]!;
  }

  protected override _save(): unknown {
    return {
      hiddenSize: this.hiddenSize,
      heads: this.heads,
      inputWidth: this.inputWidth,
      w0: encodeFloat32(this.w0),
      b0: encodeFloat32(this.b0),
      w1: encodeFloat32(this.w1),
    };
  }

  /** Restores a saved reference substrate. */
  static restore(saved: SerializedSubstrate): ReferenceSubstrate {
    const d = saved?.data as
      | { hiddenSize: number; heads: OutputHead[]; inputWidth: number; w0: string; b0: string; w1: string }
      | undefined;
    if (saved?.substrate !== 'reference' || !d || typeof d.w0 !== 'string') {
      throw new ScrutableError('BAD_STATE', 'not a saved reference substrate');
    }
    const s = new ReferenceSubstrate(d.hiddenSize);
    s.w0 = decodeFloat32(d.w0);
    s.b0 = decodeFloat32(d.b0);
    s.w1 = decodeFloat32(d.w1);
    s.markLoaded(d.heads, d.inputWidth);
    return s;
  }

  private forwardHidden(inputs: Matrix, w0 = this.w0, b0 = this.b0): { pre: Matrix; post: Matrix } {
    const h = this.hiddenSize;
    const pre = matrix(inputs.rows, h);
    for (let r = 0; r < inputs.rows; r++) {
      for (let i = 0; i < h; i++) {
        let sum = b0[i]!;
        for (let j = 0; j < inputs.cols; j++)
          sum += w0[i * inputs.cols + j]! * inputs.data[r * inputs.cols + j]!;
        pre.data[r * h + i] = sum;
      }
    }
    return { pre, post: matrix(pre.rows, h, pre.data.map(Math.tanh)) };
  }

  private logits(hidden: Matrix): Matrix {
    const out = outputWidth(this.heads);
    const result = matrix(hidden.rows, out);
    for (let r = 0; r < hidden.rows; r++) {
      for (let o = 0; o < out; o++) {
        let sum = 0;
        for (let j = 0; j < hidden.cols; j++)
          sum += this.w1[o * hidden.cols + j]! * hidden.data[r * hidden.cols + j]!;
        result.data[r * out + o] = sum;
      }
    }
    return result;
  }

  private readout(hidden: Matrix): Matrix {
    return headActivations(this.logits(hidden), this.heads);
  }
}

/** Ridge regression W = Yᵀ H (HᵀH + λI)⁻¹, as [targets x features], by Gauss–Jordan on the small system. */
function ridge(h: Matrix, y: Matrix, lambda: number): Float32Array {
  const n = h.cols;
  const a = Array.from({ length: n }, (_, i) => {
    const rowValues = new Float64Array(n + y.cols);
    for (let j = 0; j < n; j++) {
      let s = i === j ? lambda * h.rows : 0;
      for (let r = 0; r < h.rows; r++) s += h.data[r * n + i]! * h.data[r * n + j]!;
      rowValues[j] = s;
    }
    for (let t = 0; t < y.cols; t++) {
      let s = 0;
      for (let r = 0; r < h.rows; r++) s += h.data[r * n + i]! * y.data[r * y.cols + t]!;
      rowValues[n + t] = s;
    }
    return rowValues;
  });
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const p = a[c]!;
    const d = p[c]!;
    for (let k = 0; k < p.length; k++) p[k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f !== 0) for (let k = 0; k < p.length; k++) a[r]![k]! -= f * p[k]!;
    }
  }
  const w = new Float32Array(y.cols * n);
  for (let t = 0; t < y.cols; t++) for (let j = 0; j < n; j++) w[t * n + j] = a[j]![n + t]!;
  return w;
}

/** Factory for the reference substrate (config: `{ hidden?: number }`). */
export const referenceFactory: SubstrateFactory = {
  id: 'reference',
  family: 'dense',
  synchronous: true,
  learning: 'ridge regression (closed form)',
  description: 'Random tanh features with a ridge-regression readout (the testkit reference).',
  create(options) {
    const hidden = (options?.config as { hidden?: number } | undefined)?.hidden ?? 32;
    if (!Number.isInteger(hidden) || hidden < 1)
      throw new ScrutableError('BAD_CONFIG', `hidden must be a positive integer, got ${hidden}`);
    return new ReferenceSubstrate(hidden);
  },
  async load(saved) {
    return ReferenceSubstrate.restore(saved);
  },
};
