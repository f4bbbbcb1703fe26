import {
  BaseSubstrate,
  type Capability,
  type Dataset,
  decodeDense,
  encodeDense,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  type Intervention,
  type Matrix,
  type Observation,
  type ObserveOptions,
  outputWidth,
  type ParameterView,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { type BackendName, initBackend } from './backend.js';
import { type DenseConfig, type ResolvedConfig, resolveConfig } from './config.js';
import { DenseNetwork } from './network.js';
import { train } from './train.js';
import { effectiveConfig, tunedSettings } from './tuned.js';

const ID = 'dense';
const FAMILY = 'dense';
const DESCRIPTION = 'A dense synchronous multilayer perceptron trained with Adam on TensorFlow.js.';

/**
 * The dense MLP substrate. Sites per hidden layer i: `h{i}.pre`, `h{i}.post`, then `out.pre`;
 * parameter views `W{i}` ([to x from]) and `b{i}`; every capability. See README.md.
 */
export class DenseSubstrate extends BaseSubstrate {
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
    'serialize',
  ]);
  private network: DenseNetwork | undefined;
  private backend: BackendName | undefined;
  /** The keys the user gave (validated); a fit lays them over the domain's tuned settings. */
  private readonly given: DenseConfig;
  private settings: ResolvedConfig;

  constructor(config?: unknown) {
    super();
    this.settings = resolveConfig(config);
    this.given = (config ?? {}) as DenseConfig;
  }

  /** The configuration in force: the given one until a fit, then the one the fit used (tuned settings included). */
  get config(): ResolvedConfig {
    return this.settings;
  }

  /** Identity; `backend` is known once the substrate has been fitted or loaded. */
  get info(): SubstrateInfo {
    return {
      id: ID,
      family: FAMILY,
      synchronous: true,
      description: DESCRIPTION,
      ...(this.backend ? { backend: this.backend } : {}),
    };
  }

  /** Restores saved weights (from this substrate or the brain.js one: the format is shared). */
  static async load(saved: SerializedSubstrate): Promise<DenseSubstrate> {
    const { config, heads, inputWidth, layers } = decodeDense(saved, (c) => resolveConfig(c).hidden);
    const substrate = new DenseSubstrate(config);
    substrate.backend = await initBackend();
    substrate.network = new DenseNetwork(layers, substrate.config.activation);
    substrate.markLoaded(heads, inputWidth);
    return substrate;
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const backend = await initBackend();
    const config = resolveConfig(effectiveConfig(this.given, dataset.name));
    // Train first: an aborted or failed re-fit leaves the fitted network in place.
    const { network, report } = await train(dataset, config, options, backend);
    this.releaseNetwork();
    this.network = network;
    this.backend = backend;
    this.settings = config;
    return {
      ...report,
      details: {
        ...report.details,
        config: JSON.stringify(trainingSettings(config)),
        tuned: JSON.stringify(tunedSettings(this.given, dataset.name)),
      },
    };
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.net().run(inputs, { heads: this.heads }).outputs!;
  }

  protected _units(): UnitGroup[] {
    const groups: UnitGroup[] = [];
    this.config.hidden.forEach((size, i) => {
      groups.push({ site: `h${i}.pre`, size, state: 'preactivation' });
      groups.push({ site: `h${i}.post`, size, state: 'activation' });
    });
    groups.push({ site: 'out.pre', size: outputWidth(this.heads), state: 'preactivation' });
    return groups;
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    _options: ObserveOptions,
  ): Promise<Observation> {
    const started = performance.now();
    const { states } = this.net().run(inputs, { sites });
    return {
      states,
      cost: forwardPassCost(inputs.rows, started, this.multiplyAccumulatesPerPass()),
    };
  }

  /** Weights one forward pass uses, each once (every layer runs whichever sites are read). */
  private multiplyAccumulatesPerPass(): number {
    const widths = [this.inputWidth, ...this.config.hidden, outputWidth(this.heads)];
    let total = 0;
    for (let i = 1; i < widths.length; i++) total += widths[i - 1]! * widths[i]!;
    return total;
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    return this.net().run(inputs, { interventions, heads: this.heads }).outputs!;
  }

  protected override _parameters(): ParameterView[] {
    const network = this.net();
    return network.kernels.flatMap((kernel, i): ParameterView[] => {
      const [from, to] = kernel.shape;
      const toSite = i === network.hiddenLayers ? 'out.pre' : `h${i}.pre`;
      const fromSite = i === 0 ? 'input' : `h${i - 1}.post`;
      // Each read goes back to the variables, so a view stays current after edits; a view of a network
      // since replaced by a re-fit or freed by dispose throws NOT_FITTED.
      const layer = () => this.current(network).layer(i);
      return [
        {
          name: `W${i}`,
          from: fromSite,
          to: toSite,
          rows: to,
          cols: from,
          read: () => layer().weights,
        },
        { name: `b${i}`, to: toSite, rows: to, cols: 1, read: () => layer().biases },
      ];
    });
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const layer = Number(name.slice(1));
    if (name.startsWith('W')) this.net().addToWeights(layer, delta);
    else this.net().addToBiases(layer, delta);
  }

  protected override _save(): unknown {
    return encodeDense(savedConfig(this.config), this.heads, this.inputWidth, this.net().read());
  }

  /** Frees the network's tensors; the substrate must be fitted or loaded again before use. */
  override dispose(): void {
    this.releaseNetwork();
    this.fitted = false;
  }

  private releaseNetwork(): void {
    this.network?.dispose();
    this.network = undefined;
  }

  /** `network` if it is still this substrate's network. */
  private current(network: DenseNetwork): DenseNetwork {
    if (this.network !== network)
      throw new ScrutableError(
        'NOT_FITTED',
        `${ID}: this parameter view belongs to a network that was re-fitted or disposed; call parameters() again`,
      );
    return network;
  }

  private net(): DenseNetwork {
    if (!this.network) throw new ScrutableError('NOT_FITTED', `${ID}: fit or load the substrate first`);
    return this.network;
  }
}

/** The settings a fit trained with, as its report gives them: `tuned` and `recordEvery` left out (below). */
function trainingSettings(config: ResolvedConfig): Omit<ResolvedConfig, 'tuned' | 'recordEvery'> {
  const { tuned: _, recordEvery: __, ...settings } = config;
  return settings;
}

/**
 * The configuration as saved: every setting explicit, `tuned` left out (the settings already are the
 * tuned ones), `recordEvery` (it shapes the fit report, not the network) and `weightDecay` too (it
 * shapes training, not the function saved, and the brain.js implementation has no such key), so the
 * brain.js implementation, which shares the format, loads it too.
 */
function savedConfig(config: ResolvedConfig): Omit<ResolvedConfig, 'tuned' | 'recordEvery' | 'weightDecay'> {
  const { weightDecay: _, ...settings } = trainingSettings(config);
  return settings;
}

/** The registry entry: `create` validates the config (BAD_CONFIG), `load` restores saved weights. */
export const denseFactory: SubstrateFactory = {
  id: ID,
  family: FAMILY,
  synchronous: true,
  learning: 'backpropagation (Adam)',
  description: DESCRIPTION,
  create: (options) => new DenseSubstrate(options?.config),
  load: (saved) => DenseSubstrate.load(saved),
};
