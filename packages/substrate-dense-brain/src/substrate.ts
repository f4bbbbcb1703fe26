import {
  applyInterventions,
  BaseSubstrate,
  type Capability,
  type Dataset,
  decodeDense,
  encodeDense,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  type Intervention,
  interventionsAt,
  type LayerWeights,
  type Matrix,
  type Observation,
  type ParameterView,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { type DenseConfig, type ResolvedConfig, resolveConfig } from './config.js';
import { forward, unitGroups } from './network.js';
import { trainWithBrain } from './train.js';

/** Registry id of this substrate. */
export const DENSE_BRAIN_ID = 'dense-brain';

/** One sentence for the report. */
export const DENSE_BRAIN_DESCRIPTION =
  'The dense synchronous MLP trained by brain.js (per-example SGD), a second implementation of `dense`.';

/**
 * The dense MLP of the `dense` substrate, trained by brain.js. Everything after training (forward,
 * observation, interventions, parameter views, edits) runs in plain TypeScript on the weight
 * matrices, so a network saved by either implementation computes the same function here.
 */
export class DenseBrainSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: DENSE_BRAIN_ID,
    family: 'dense',
    synchronous: true,
    description: DENSE_BRAIN_DESCRIPTION,
    backend: 'brain.js',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
    'serialize',
  ]);
  /** The validated configuration, every default filled in; this is what `save` writes. */
  readonly config: ResolvedConfig;
  private layers: LayerWeights[] = [];

  /** Throws BAD_CONFIG on an invalid `config` (see resolveConfig). */
  constructor(config: DenseConfig = {}) {
    super();
    this.config = resolveConfig(config);
  }

  /** Restores a saved dense substrate (this one's or the TensorFlow.js one's: the format is shared). */
  static restore(saved: SerializedSubstrate): DenseBrainSubstrate {
    const { config, heads, inputWidth, layers } = decodeDense(saved, (c) => resolveConfig(c).hidden);
    const substrate = new DenseBrainSubstrate(config as DenseConfig);
    substrate.layers = layers;
    substrate.markLoaded(heads, inputWidth);
    return substrate;
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    // BaseSubstrate.fit has checked the budget. Training builds new layers; the old ones stay in use
    // until it succeeds.
    const { layers, report } = await trainWithBrain(dataset, this.config, options);
    this.layers = layers;
    return report;
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return forward(this.layers, this.config.activation, this.heads, inputs).outputs;
  }

  protected _units(): UnitGroup[] {
    return unitGroups(this.layers);
  }

  protected override async _observe(inputs: Matrix, sites: readonly string[]): Promise<Observation> {
    const started = performance.now();
    const { states } = forward(this.layers, this.config.activation, this.heads, inputs);
    const picked: Record<string, Matrix> = {};
    for (const site of sites) picked[site] = states[site]!;
    return {
      states: picked,
      // one multiply-accumulate per weight of every layer
      cost: forwardPassCost(
        inputs.rows,
        started,
        this.layers.reduce((n, l) => n + l.from * l.to, 0),
      ),
    };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    return forward(this.layers, this.config.activation, this.heads, inputs, (site, states) =>
      applyInterventions(states, interventionsAt(site, interventions)),
    ).outputs;
  }

  protected override _parameters(): ParameterView[] {
    const last = this.layers.length - 1;
    return this.layers.flatMap((layer, i): ParameterView[] => {
      const to = i === last ? 'out.pre' : `h${i}.pre`;
      const from = i === 0 ? 'input' : `h${i - 1}.post`;
      // A view reads the layer it was made from; after a re-fit or dispose that layer is gone.
      const current = (): LayerWeights => {
        if (!this.fitted || this.layers[i] !== layer)
          throw new ScrutableError(
            'NOT_FITTED',
            `${DENSE_BRAIN_ID}: this parameter view belongs to a network that was re-fitted or disposed; call parameters() again`,
          );
        return layer;
      };
      return [
        { name: `W${i}`, from, to, rows: layer.to, cols: layer.from, read: () => current().weights.slice() },
        { name: `b${i}`, to, rows: layer.to, cols: 1, read: () => current().biases.slice() },
      ];
    });
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const layer = this.layers[Number(name.slice(1))]!;
    const target = name.startsWith('W') ? layer.weights : layer.biases;
    for (let k = 0; k < delta.length; k++) target[k]! += delta[k]!;
  }

  protected override _save(): unknown {
    return encodeDense(this.config, this.heads, this.inputWidth, this.layers);
  }

  override dispose(): void {
    this.layers = [];
    this.fitted = false;
  }
}
