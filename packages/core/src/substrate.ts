import type { Dataset, OutputHead } from './dataset.js';
import type { Matrix } from './matrix.js';

/** What a substrate can do beyond fit/predict; analyses that need a missing one report null. */
export type Capability = 'observe' | 'intervene' | 'parameters' | 'edit' | 'serialize';
export const ALL_CAPABILITIES: readonly Capability[] = [
  'observe',
  'intervene',
  'parameters',
  'edit',
  'serialize',
];

/** Who a substrate is. */
export interface SubstrateInfo {
  /** Registry id, e.g. `dense`, `spiking`. */
  readonly id: string;
  /** Broad kind, e.g. `dense`, `spiking`, `symbolic`, `control`. */
  readonly family: string;
  /** True when every unit updates in lock step (matrix ops); false for event-driven substrates. */
  readonly synchronous: boolean;
  /** One sentence for the report (shown escaped). */
  readonly description: string;
  /** The compute backend that actually runs, e.g. `tfjs-wasm`; absent when not applicable. */
  readonly backend?: string;
  /**
   * Present when outputs are a random draw even for a fixed seed once an intervention changes the
   * run (e.g. spikes drawn from a forced rate): the presentation window, in simulated ms, at which the
   * substrate documents its reads as converged. Checks that compare outputs read it there and compare
   * predicted classes, not exact values. Absent for deterministic substrates, which must agree exactly.
   */
  readonly stochastic?: { readonly windowMs: number };
}

/** Progress of a long call, for progress bars. */
export interface Progress {
  /** Fraction done in [0, 1]. */
  readonly fraction: number;
  readonly message?: string;
}

/** How to train. */
export interface FitOptions {
  /** Seed for every random choice made while fitting. */
  readonly seed: number;
  /**
   * Upper bound on effort, counted in work (never wall time, which would make a result depend on the
   * machine); a substrate may stop earlier (e.g. early stopping).
   */
  readonly budget?: { readonly epochs?: number };
  readonly onProgress?: (p: Progress) => void;
  /** Aborting stops fitting with an AbortError. */
  readonly signal?: AbortSignal;
}

/** What fitting did. */
export interface FitReport {
  readonly epochs: number;
  readonly wallMs: number;
  /** Accuracy (or 1 - error) on the training split, as the substrate measured it. */
  readonly trainScore?: number;
  /** Anything else worth recording (complexity of a rule set, early-stop epoch, ...). */
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

/** Options for any call that runs the substrate forward. */
export interface RunOptions {
  /** Seed for stochastic substrates (spike encoding); deterministic substrates ignore it. */
  readonly seed?: number;
  /**
   * Presentation window in simulated ms, for substrates that run in time; when absent they use their
   * own default. Deterministic substrates ignore it.
   */
  readonly windowMs?: number;
}

/** Options for `observe`. */
export interface ObserveOptions extends RunOptions {
  /** Sites to read; all sites when absent. */
  readonly sites?: readonly string[];
  /** Also return spike times, for substrates that spike. */
  readonly rasters?: boolean;
}

/** A readable site: a layer, a population, a set of rules. */
export interface UnitGroup {
  /** Unique site name, e.g. `h0.pre`, `h0.post`, `exc`, `rules`. */
  readonly site: string;
  /** Number of units. */
  readonly size: number;
  /** What a unit's state is: `activation`, `preactivation`, `spike-count`, `truth`, ... */
  readonly state: string;
  /** Optional readable name per unit (e.g. a rule's text). */
  readonly labels?: readonly string[];
}

/** What reading the state cost. Every field is present; zero where it does not apply. */
export interface ReadingCost {
  readonly forwardPasses: number;
  readonly simulatedMs: number;
  readonly synapticEvents: number;
  readonly wallMs: number;
}

/**
 * The reading cost of a substrate that runs in one synchronous pass per example (no simulated time).
 * `synapticOpsPerPass`: the multiply-accumulates one pass makes (one per weight used), which a
 * network that has weights counts as its synaptic events, so an event-driven network's synaptic events
 * can be set against them; 0 where there are no weights.
 */
export function forwardPassCost(examples: number, startedMs: number, synapticOpsPerPass = 0): ReadingCost {
  return {
    forwardPasses: examples,
    simulatedMs: 0,
    synapticEvents: examples * synapticOpsPerPass,
    wallMs: performance.now() - startedMs,
  };
}

/** Spike times of one site: parallel arrays of unit index and time (ms), per example. */
export interface Raster {
  readonly units: Int32Array;
  readonly timesMs: Float32Array;
}

/** Unit states per site, for a batch of inputs. */
export interface Observation {
  /** site -> [examples x units] states. */
  readonly states: Readonly<Record<string, Matrix>>;
  readonly cost: ReadingCost;
  /** site -> one raster per example, when asked for and the substrate spikes. */
  readonly rasters?: Readonly<Record<string, readonly Raster[]>>;
}

/**
 * A change to unit states at one site while the rest runs from the changed states.
 *
 * Every value is in **state units**: the units `observe` returns for that site (an activation, a
 * preactivation, a spike count per presentation window, a rule's truth value). Clamping a site to the
 * states `observe` returned for the same inputs therefore leaves the outputs as they were. Each
 * substrate converts state units to its own mechanism; a spiking substrate, for example, turns a count
 * per window into the firing rate (or input current) that produces it over that window. Substrates
 * whose sites are state matrices apply interventions with `applyInterventions` from this package.
 * - ablate: set units to zero, or (`value: 'mean'`) to each unit's mean over the batch given, taken
 *   before any row is overwritten; spiking: silence, or force the mean count.
 * - clamp: set units to values: `values` has units.length entries (same for every example) or
 *   rows * units.length (one row per example, row-major).
 * - add: add scale * vector (length = site size) to the site's states.
 * Interventions in one list are applied in order.
 */
export type Intervention =
  | {
      readonly kind: 'ablate';
      readonly site: string;
      readonly units: readonly number[];
      readonly value?: 'zero' | 'mean';
    }
  | {
      readonly kind: 'clamp';
      readonly site: string;
      readonly units: readonly number[];
      readonly values: Float32Array;
    }
  | { readonly kind: 'add'; readonly site: string; readonly vector: Float32Array; readonly scale?: number };

/**
 * A named numeric parameter. Matrices map `from` to `to`: to[i] += sum_j W[i, j] * from[j], stored
 * row-major with shape [rows = to size, cols = from size]. Vectors (biases, thresholds) have cols = 1
 * and no `from`.
 */
export interface ParameterView {
  readonly name: string;
  readonly from?: string;
  readonly to: string;
  readonly rows: number;
  readonly cols: number;
  /** A copy of the current values, row-major. */
  read(): Float32Array;
}

/** A change to one parameter: add `delta` (rows*cols values), or the rank-one update u vᵀ (u: rows, v: cols). */
export type ParameterEdit =
  | { readonly name: string; readonly delta: Float32Array }
  | { readonly name: string; readonly u: Float32Array; readonly v: Float32Array };

/** A substrate's full state as JSON-safe data; `load` of the same factory restores it exactly. */
export interface SerializedSubstrate {
  readonly substrate: string;
  readonly formatVersion: number;
  readonly data: unknown;
}

/**
 * A connectionist (or baseline) system behind one interface. Every method validates its arguments and
 * throws ScrutableError with a stable code; BaseSubstrate does that for implementers.
 */
export interface Substrate {
  readonly info: SubstrateInfo;
  readonly capabilities: ReadonlySet<Capability>;
  /** Output heads; set by fit (or load). */
  readonly heads: readonly OutputHead[];
  /** Width of the inputs it accepts; set by fit (or load). */
  readonly inputWidth: number;
  /** True after fit or load. */
  readonly fitted: boolean;
  /** Trains on dataset.train (a substrate may hold out part of it for validation). */
  fit(dataset: Dataset, options: FitOptions): Promise<FitReport>;
  /** Output scores [examples x output width]. */
  predict(inputs: Matrix, options?: RunOptions): Promise<Matrix>;
  /** The readable sites. */
  units(): UnitGroup[];
  /** Unit states at the requested sites and what reading them cost. Needs 'observe'. */
  observe(inputs: Matrix, options?: ObserveOptions): Promise<Observation>;
  /** Outputs with interventions applied (all at once). Needs 'intervene'. */
  intervene(
    inputs: Matrix,
    interventions: Intervention | readonly Intervention[],
    options?: RunOptions,
  ): Promise<Matrix>;
  /** Named parameters. Needs 'parameters'. */
  parameters(): ParameterView[];
  /** Changes one parameter in place. Needs 'edit'. */
  applyEdit(edit: ParameterEdit): void;
  /** The full state. Needs 'serialize'. */
  save(): SerializedSubstrate;
  /** Releases held resources (tensors, workers). The substrate is unusable afterwards. */
  dispose(): void;
}

/** One self-check a substrate package ships: a measurement against an independent expectation. */
export interface SelfCheck {
  readonly name: string;
  readonly passed: boolean;
  /** What was measured (JSON-safe). */
  readonly observed: unknown;
  /** What it was held against: a bound, a reference value, a closed form's result (JSON-safe). */
  readonly expected: unknown;
}

/** Options for running a package's self-checks. */
export interface SelfCheckOptions {
  /** Seed for every random choice the checks make. */
  readonly seed?: number;
  /** Shorter runs where a check has a length (for tests and CI); the thresholds stay the same. */
  readonly quick?: boolean;
  readonly signal?: AbortSignal;
  /**
   * For a factory with `derivedFrom`: the source's factory, resolved by the runner as for `create`,
   * so a derived package's checks can fit its source without importing it.
   */
  readonly source?: SubstrateFactory;
}

/** How the registry creates substrates; a substrate package default-exports one. */
export interface SubstrateFactory {
  readonly id: string;
  readonly family: string;
  readonly synchronous: boolean;
  readonly description: string;
  /**
   * What the substrate learns by, named for what it is (e.g. `backpropagation (Adam)`,
   * `unsupervised STDP`, `converted from a trained ReLU network`, `none (control)`).
   */
  readonly learning: string;
  /** Self-checks of the package's science (`scrutable validate <id>`); absent when it ships none. */
  readonly checks?: (options?: SelfCheckOptions) => Promise<readonly SelfCheck[]>;
  /**
   * For a substrate built from another substrate's fit (converted, scrambled, untrained): the registry
   * id of the source it is built from when none is named. The runner resolves it through the registry
   * and passes the source's factory as `create`'s `source`, so derived packages never import a substrate.
   */
  readonly derivedFrom?: string;
  /**
   * For a control substrate (family `control`), what it calibrates in the sanity checks: `planted` (a
   * glass box every applicable family must read), `untrained` (nothing learned: every family must
   * score low) or `scrambled` (a rotation of a trained net). Checked by this role, not by id.
   */
  readonly control?: 'planted' | 'untrained' | 'scrambled';
  /**
   * An unfitted substrate; `config` is substrate-specific and validated by it. `source` is the factory
   * of the substrate it derives from (only for factories with `derivedFrom`).
   */
  create(options?: { readonly config?: unknown; readonly source?: SubstrateFactory }): Substrate;
  /** Restores a saved substrate; a derived one is given its source's factory as `create` is. */
  load(saved: SerializedSubstrate, options?: { readonly source?: SubstrateFactory }): Promise<Substrate>;
}
