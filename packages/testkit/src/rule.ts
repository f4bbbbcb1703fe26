import type {
  Capability,
  Dataset,
  FitOptions,
  Matrix,
  RunOptions,
  SerializedSubstrate,
  Substrate,
  SubstrateFactory,
} from '@scrutable/core';

/** What a conformance run needs. */
export interface ConformanceOptions {
  /** The substrate's factory (the package's default export). */
  readonly factory: SubstrateFactory;
  /** Passed to factory.create; use small sizes. */
  readonly config?: unknown;
  /** For a derived factory (`derivedFrom`): the source factory passed to `create` and `load`. */
  readonly source?: SubstrateFactory;
  /** Defaults to conformanceDataset(). */
  readonly dataset?: Dataset;
  /** Fit options besides the seed (e.g. a small budget). */
  readonly fit?: Partial<FitOptions>;
  /** Options for every forward call, so stochastic substrates read reproducibly. */
  readonly run?: RunOptions;
  /** Absolute tolerance for "identical" (default 1e-6). */
  readonly tolerance?: number;
}

/** Everything a rule can use: a fitted substrate, the data, and helpers. */
export interface CheckContext {
  readonly options: ConformanceOptions;
  readonly dataset: Dataset;
  /** Up to 16 test rows, read by every rule. */
  readonly inputs: Matrix;
  readonly run: RunOptions;
  readonly tolerance: number;
  /** A new unfitted substrate from the factory (with the source, for a derived one). */
  create(): Substrate;
  /** The factory's `load` (with the source, for a derived one). */
  load(saved: SerializedSubstrate): Promise<Substrate>;
  /** The substrate fitted once and shared by rules that leave it unchanged. */
  fitted(): Promise<Substrate>;
  /** A newly created and fitted substrate (same seed), for rules that change it. */
  fresh(): Promise<Substrate>;
}

/** One rule of the conformance suite. */
export interface Rule {
  readonly id: string;
  readonly title: string;
  /** Capabilities the substrate must declare for the rule to apply. */
  readonly needs: readonly Capability[];
  /** Throws ConformanceViolation when the rule is broken. */
  run(ctx: CheckContext): Promise<void>;
}

/** A broken rule: `rule` is the rule's id, stable for tools and tests. */
export class ConformanceViolation extends Error {
  override readonly name = 'ConformanceViolation';
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(`[${rule}] ${detail}`);
  }
}
