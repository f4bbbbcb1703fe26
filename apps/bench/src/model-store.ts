import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Capability,
  Dataset,
  FitOptions,
  FitReport,
  Intervention,
  Matrix,
  Observation,
  ObserveOptions,
  OutputHead,
  ParameterEdit,
  ParameterView,
  RunOptions,
  SerializedSubstrate,
  Substrate,
  SubstrateFactory,
  SubstrateInfo,
  UnitGroup,
} from '@scrutable/core';
import { writeFileAtomic } from './atomic.js';
import { canonicalJson } from './cells.js';

/** What identifies a fit: everything it depends on, as a cell id does. */
export interface FitIdentity {
  /** Registry id of the substrate that is fitted. */
  readonly substrate: string;
  readonly task: string;
  readonly level: number;
  /** Code versions of the packages that compute the fit (see `codeVersionOf`). */
  readonly code: Readonly<Record<string, string>>;
}

/** A stored fit: the fitted substrate's state and what fitting reported. */
interface StoredFit {
  readonly key: string;
  readonly report: FitReport;
  readonly saved: SerializedSubstrate;
}

/**
 * Fitted substrates on disk (`<out>/models/<key>.json`), keyed by everything the fit depends on: the
 * substrate, its config, the task, level, seed and budget, and the code. A substrate derived from
 * another's fit (scrambled, untrained) gets the stored fit instead of fitting again; worker threads
 * share the folder, and `--resume` finds it again. Only substrates that can `save` are stored.
 */
export class ModelStore {
  constructor(readonly dir: string) {}

  /** The key of a fit: SHA-256 over its identity, the create config and the fit's seed and budget. */
  static key(identity: FitIdentity, config: unknown, options: FitOptions): string {
    const fit = { ...identity, config: config ?? null, seed: options.seed, budget: options.budget ?? null };
    return createHash('sha256').update(canonicalJson(fit)).digest('hex').slice(0, 32);
  }

  read(key: string): StoredFit | undefined {
    try {
      const stored = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as StoredFit;
      return stored.key === key && stored.saved && stored.report ? stored : undefined;
    } catch {
      return undefined; // missing or unreadable: fit again
    }
  }

  write(key: string, report: FitReport, saved: SerializedSubstrate): void {
    writeFileAtomic(join(this.dir, `${key}.json`), JSON.stringify({ key, report, saved }));
  }

  /**
   * `factory` with fits going through the store: its substrates' `fit` loads a stored fit of the same
   * key (through `factory.load`) instead of training, and stores a fit it makes.
   */
  factory(factory: SubstrateFactory, identity: Omit<FitIdentity, 'substrate'>): SubstrateFactory {
    return {
      ...factory,
      create: (options) =>
        new StoredFitSubstrate(
          factory,
          factory.create(options),
          this,
          { ...identity, substrate: factory.id },
          options?.config,
        ),
    };
  }
}

/** A substrate whose fit goes through a ModelStore; every other call goes to the substrate it holds. */
class StoredFitSubstrate implements Substrate {
  constructor(
    private readonly factory: SubstrateFactory,
    private current: Substrate,
    private readonly store: ModelStore,
    private readonly identity: FitIdentity,
    private readonly config: unknown,
  ) {}

  get info(): SubstrateInfo {
    return this.current.info;
  }
  get capabilities(): ReadonlySet<Capability> {
    return this.current.capabilities;
  }
  get heads(): readonly OutputHead[] {
    return this.current.heads;
  }
  get inputWidth(): number {
    return this.current.inputWidth;
  }
  get fitted(): boolean {
    return this.current.fitted;
  }

  async fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const key = ModelStore.key(this.identity, this.config, options);
    const stored = this.store.read(key);
    if (stored) {
      const loaded = await this.factory.load(stored.saved);
      this.current.dispose();
      this.current = loaded;
      return stored.report;
    }
    const report = await this.current.fit(dataset, options);
    if (this.current.capabilities.has('serialize')) this.store.write(key, report, this.current.save());
    return report;
  }
  predict(inputs: Matrix, options?: RunOptions): Promise<Matrix> {
    return this.current.predict(inputs, options);
  }
  units(): UnitGroup[] {
    return this.current.units();
  }
  observe(inputs: Matrix, options?: ObserveOptions): Promise<Observation> {
    return this.current.observe(inputs, options);
  }
  intervene(
    inputs: Matrix,
    interventions: Intervention | readonly Intervention[],
    options?: RunOptions,
  ): Promise<Matrix> {
    return this.current.intervene(inputs, interventions, options);
  }
  parameters(): ParameterView[] {
    return this.current.parameters();
  }
  applyEdit(edit: ParameterEdit): void {
    this.current.applyEdit(edit);
  }
  save(): SerializedSubstrate {
    return this.current.save();
  }
  dispose(): void {
    this.current.dispose();
  }
}
