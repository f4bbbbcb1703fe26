import {
  type Intervention,
  type Latent,
  type Matrix,
  Rng,
  type RunOptions,
  type Substrate,
  takeRows,
  type UnitGroup,
} from '@scrutable/core';
import type { TaskInstance } from '@scrutable/tasks';
import { SiteProbe } from './probes/site-probe.js';
import { latentTarget, type ProbeTarget } from './probes/targets.js';
import type { AnalysisCost } from './types.js';

/** A subsampled split: inputs, targets, latents, and the original row of each example. */
export interface SampledSplit {
  readonly inputs: Matrix;
  readonly targets: Matrix;
  readonly latents: readonly Latent[];
  readonly rows: readonly number[];
}

/** How a context reads its substrate. */
export interface ContextOptions {
  /** Largest number of examples per split (default DEFAULT_MAX_EXAMPLES). */
  readonly maxExamples?: number | undefined;
  /** Presentation window (simulated ms) for substrates that run in time; their default when absent. */
  readonly windowMs?: number | undefined;
  /** The same architecture untrained. */
  readonly untrained?: Substrate | undefined;
}

/** Default largest number of examples per split. */
export const DEFAULT_MAX_EXAMPLES = 400;

/** Share of train used to fit probes while choosing the ridge strength (the rest validates). */
const FIT_SHARE = 0.75;

/**
 * Everything families share for one cell: subsampled splits, cached observations and probes, the
 * seed streams, and the running cost of reading the substrate. Every call to the substrate goes
 * through here so its cost is counted.
 */
export class AnalysisContext {
  readonly train: SampledSplit;
  readonly test: SampledSplit;
  readonly run: RunOptions;
  readonly cost: AnalysisCost = {
    analysisMs: 0,
    observeMs: 0,
    forwardPasses: 0,
    simulatedMs: 0,
    synapticEvents: 0,
  };
  /** Rows of `train` used to fit probes; the others validate. */
  readonly fitRows: readonly number[];
  readonly validationRows: readonly number[];
  private readonly states = new Map<'train' | 'test', Promise<Record<string, Matrix>>>();
  private readonly probes = new Map<string, Promise<SiteProbe>>();
  private readonly memos = new Map<string, Promise<unknown>>();

  /** Largest number of examples per split. */
  readonly maxExamples: number;
  /** The same architecture untrained, when the caller provides it (decode reports its gain over it). */
  readonly untrained: Substrate | undefined;

  constructor(
    readonly substrate: Substrate,
    readonly task: TaskInstance,
    readonly seed: number,
    options: ContextOptions = {},
  ) {
    const maxExamples = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
    this.maxExamples = maxExamples;
    this.untrained = options.untrained;
    const rng = new Rng(seed);
    this.train = sample(task.train, maxExamples, rng.fork('train'));
    this.test = sample(task.test, maxExamples, rng.fork('test'));
    const order = rng.fork('validation').permutation(this.train.inputs.rows);
    const cut = Math.max(1, Math.round(order.length * FIT_SHARE));
    this.fitRows = order.slice(0, cut).sort((a, b) => a - b);
    this.validationRows = order.slice(cut).sort((a, b) => a - b);
    // Stochastic substrates read with a fixed seed so the whole analysis is reproducible, and at a
    // window long enough to be asymptotic, so reading noise is charged to the reading-cost axis alone.
    this.run = {
      seed: seed >>> 0,
      ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}),
    };
  }

  /** A named random stream derived from the cell seed. */
  rng(label: string): Rng {
    return new Rng(this.seed).fork(label);
  }

  /** Has the substrate the capability? */
  can(capability: Parameters<Substrate['capabilities']['has']>[0]): boolean {
    return this.substrate.capabilities.has(capability);
  }

  /** The readable sites. */
  sites(): UnitGroup[] {
    return this.substrate.units();
  }

  /** Unit states at every site, read with the analysis run options (and counted). */
  async observe(inputs: Matrix, run: RunOptions = this.run): Promise<Record<string, Matrix>> {
    const started = performance.now();
    const obs = await this.substrate.observe(inputs, run);
    this.cost.observeMs += performance.now() - started;
    this.cost.forwardPasses += obs.cost.forwardPasses;
    this.cost.simulatedMs += obs.cost.simulatedMs;
    this.cost.synapticEvents += obs.cost.synapticEvents;
    return { ...obs.states };
  }

  /** Cached states of the subsampled train or test split. */
  splitStates(split: 'train' | 'test'): Promise<Record<string, Matrix>> {
    let cached = this.states.get(split);
    if (!cached) {
      cached = this.observe(split === 'train' ? this.train.inputs : this.test.inputs);
      this.states.set(split, cached);
    }
    return cached;
  }

  /** Outputs (counted as one forward pass per row). */
  async predict(inputs: Matrix): Promise<Matrix> {
    this.cost.forwardPasses += inputs.rows;
    return this.substrate.predict(inputs, this.run);
  }

  /** Predictions of the subsampled test split, computed once per cell. */
  testPredictions(): Promise<Matrix> {
    return this.memo('predict.test', () => this.predict(this.test.inputs));
  }

  /** Predictions of the subsampled train split, computed once per cell. */
  trainPredictions(): Promise<Matrix> {
    return this.memo('predict.train', () => this.predict(this.train.inputs));
  }

  /** Outputs under interventions (counted as one forward pass per row). */
  async intervene(inputs: Matrix, interventions: Intervention | readonly Intervention[]): Promise<Matrix> {
    this.cost.forwardPasses += inputs.rows;
    return this.substrate.intervene(inputs, interventions, this.run);
  }

  /** A cached probe over a site's states ('input' probes the raw inputs). */
  probe(site: string): Promise<SiteProbe> {
    let cached = this.probes.get(site);
    if (!cached) {
      cached = (async () => {
        if (site === INPUT_SITE)
          return new SiteProbe(
            this.train.inputs,
            this.test.inputs,
            this.fitRows,
            this.validationRows,
            'features',
          );
        const [train, test] = await Promise.all([this.splitStates('train'), this.splitStates('test')]);
        return new SiteProbe(train[site]!, test[site]!, this.fitRows, this.validationRows);
      })();
      this.probes.set(site, cached);
    }
    return cached;
  }

  /** Computes a shared intermediate result once per cell (e.g. the decode table other families reuse). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let cached = this.memos.get(key) as Promise<T> | undefined;
    if (!cached) {
      cached = compute();
      this.memos.set(key, cached);
    }
    return cached;
  }

  /** Probe targets for every latent of the task, on the subsampled splits. */
  latentTargets(): ProbeTarget[] {
    return this.train.latents.map((latent, i) => {
      const testLatent = this.test.latents[i]!;
      return latentTarget(latent.name, latent.kind, latent.categories, latent.values, testLatent.values);
    });
  }
}

/** The pseudo-site name for probes on the raw inputs. */
export const INPUT_SITE = 'input';

function sample(
  split: { inputs: Matrix; targets: Matrix; latents: readonly Latent[] },
  max: number,
  rng: Rng,
): SampledSplit {
  const n = split.inputs.rows;
  const rows =
    n <= max
      ? Array.from({ length: n }, (_, i) => i)
      : rng
          .permutation(n)
          .slice(0, max)
          .sort((a, b) => a - b);
  return {
    inputs: takeRows(split.inputs, rows),
    targets: takeRows(split.targets, rows),
    latents: split.latents.map((l) => ({ ...l, values: Float32Array.from(rows, (r) => l.values[r]!) })),
    rows,
  };
}
