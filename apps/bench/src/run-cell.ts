import {
  accuracy,
  type CellResult,
  type ReadingCostEntry,
  type Substrate,
  type SubstrateFactory,
} from '@scrutable/core';
import type { CellSpec } from './cells.js';
import { CheckedSubstrate } from './checked-substrate.js';
import { type AnalysisApi, type CellAnalysis, type TaskSource, taskBaselines } from './deps.js';
import { ModelStore } from './model-store.js';
import { type CellShowcase, collectShowcase } from './showcase.js';

/** A cell's result as the bench records it: the contract plus family scores, backend and showcase. */
export interface BenchCellResult extends CellResult {
  families?: Record<string, number | null>;
  /** The domain's complexity measure at this level. */
  complexity?: number;
  /** Compute backend the substrate reported. */
  backend?: string;
  /** Metric id -> why an applicable metric found nothing (it scores 0). */
  nothingFound?: Record<string, string>;
  /** Per family read, the reading budget per example that reaches 90% of its asymptote. */
  readingCost?: ReadingCostEntry[];
  showcase?: CellShowcase;
}

/** What running a cell needs; the worker and the in-process runner build it the same way. */
export interface CellContext {
  readonly tasks: TaskSource;
  readonly analysis: AnalysisApi | undefined;
  readonly factory: SubstrateFactory;
  /** For a derived substrate (`derivedFrom`): the factory of its source, resolved through the registry. */
  readonly source?: SubstrateFactory;
  /** Aborting stops the fit and the analysis between families (in-process runs; a worker is terminated instead). */
  readonly signal?: AbortSignal;
  /** Where fits are stored and reused (see ModelStore), and whose: the source's, or the substrate's own. */
  readonly fits?: FitStoreOptions;
}

/** How a cell uses the model store; plain data, so the pool can send it to a worker. */
export interface FitStoreOptions {
  readonly dir: string;
  /** `source`: a derived substrate gets its source's fit; `self`: the substrate's fit is stored for them. */
  readonly whose: 'source' | 'self';
  /** Code versions of the packages that compute the stored fit. */
  readonly code: Readonly<Record<string, string>>;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${e.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${e.message}`;
  }
  return String(e);
}

/**
 * Runs one cell: generate the task, create and fit the substrate (seeded), measure train/test
 * accuracy against chance, analyse it, and collect showcase figures. Never throws: a failure is a
 * `failed` cell carrying its error.
 */
export async function runCell(spec: CellSpec, context: CellContext): Promise<BenchCellResult> {
  const base = {
    id: spec.id,
    substrate: spec.substrate,
    task: spec.task,
    level: spec.level,
    seed: spec.seed,
  };
  let substrate: Substrate | undefined;
  let untrained: Substrate | undefined;
  // what is known so far, kept on a failed cell; `stage` names the step that threw
  const partial: Partial<BenchCellResult> = {};
  let stage = 'generate task';
  try {
    const task = context.tasks.generate(spec.task, spec.level, spec.seed);
    stage = 'create';
    const { fits } = context;
    const store = fits ? new ModelStore(fits.dir) : undefined;
    const through = (factory: SubstrateFactory) =>
      store && fits
        ? store.factory(factory, { task: spec.task, level: spec.level, code: fits.code })
        : factory;
    const factory = fits?.whose === 'self' ? through(context.factory) : context.factory;
    const source = context.source && fits?.whose === 'source' ? through(context.source) : context.source;
    const create = (from: SubstrateFactory, derivedFrom: SubstrateFactory | undefined) =>
      from.create({
        ...(spec.substrateConfig === undefined ? {} : { config: spec.substrateConfig }),
        ...(derivedFrom ? { source: derivedFrom } : {}),
      });
    // every output the cell reads or scores goes through the checks
    const checked = new CheckedSubstrate(create(factory, source));
    substrate = checked.substrate;
    stage = 'fit';
    const fitStarted = performance.now();
    const { signal } = context;
    const fitReport = await substrate.fit(task, {
      seed: spec.seed,
      budget: spec.budget,
      ...(signal ? { signal } : {}),
    });
    const fitMs = performance.now() - fitStarted;
    partial.cost = { fitMs };
    stage = 'predict';
    const run = { seed: spec.seed };
    const train = accuracy(await substrate.predict(task.train.inputs, run), task.train.targets, task.heads);
    const test = accuracy(await substrate.predict(task.test.inputs, run), task.test.targets, task.heads);
    const { chance, linear, trivial } = taskBaselines(task);
    const capability = {
      metric: 'accuracy',
      train,
      test,
      chance,
      ...(linear !== undefined ? { linear } : {}),
      ...(trivial !== undefined ? { trivial } : {}),
    };
    partial.capability = capability;
    if (substrate.info.backend) partial.backend = substrate.info.backend;
    signal?.throwIfAborted();
    stage = 'analysis';
    let analysis: CellAnalysis | undefined;
    let analysisMs: number | undefined;
    if (context.analysis) {
      const started = performance.now();
      stage = 'untrained twin';
      // The same architecture from the same factory and seed, fitted for zero epochs: decode's gain is
      // measured against it. Built from the plain factories, never from a stored fit.
      untrained = create(context.factory, context.source);
      await untrained.fit(task, { seed: spec.seed, budget: { ...spec.budget, epochs: 0 } });
      stage = 'analysis';
      analysis = await context.analysis.analyzeCell(substrate, task, {
        untrained,
        figures: spec.showcase,
        seed: spec.seed,
        ...(spec.analysis.families ? { families: spec.analysis.families } : {}),
        ...(spec.analysis.weights ? { weights: spec.analysis.weights } : {}),
        ...(spec.analysis.maxExamples ? { maxExamples: spec.analysis.maxExamples } : {}),
        // called after each family: the only point where a running analysis can stop
        ...(signal ? { onProgress: () => signal.throwIfAborted() } : {}),
      });
      analysisMs = performance.now() - started;
    }
    signal?.throwIfAborted();
    stage = 'showcase';
    const showcase = spec.showcase ? collectShowcase(substrate, analysis) : undefined;
    // an analysis may have caught a bad output and gone on: the cell still fails
    if (checked.violation) {
      stage = checked.violation.call;
      throw checked.violation;
    }
    const result: BenchCellResult = {
      ...base,
      status: 'ok',
      capability,
      metrics: analysis?.metrics ?? {},
      unavailable:
        analysis?.unavailable ?? (analysis ? {} : { '*': 'the analysis package is not installed' }),
      index: analysis?.index ?? null,
      raw: { ...analysis?.raw, fit: { epochs: fitReport.epochs, ...fitReport.details } },
      cost: { ...analysis?.cost, fitMs, ...(analysisMs !== undefined ? { analysisMs } : {}) },
    };
    if (analysis?.families) result.families = analysis.families;
    if (analysis?.nothingFound) result.nothingFound = analysis.nothingFound;
    if (analysis?.readingCost) result.readingCost = analysis.readingCost;
    if (task.complexity !== undefined) result.complexity = task.complexity;
    if (substrate.info.backend) result.backend = substrate.info.backend;
    if (showcase && Object.keys(showcase).length) result.showcase = showcase;
    stage = 'record';
    return toJsonSafe(result);
  } catch (e) {
    return { ...base, ...partial, status: 'failed', error: `${stage}: ${errorText(e)}` };
  } finally {
    try {
      substrate?.dispose();
      untrained?.dispose();
    } catch {
      // disposing a broken substrate must not hide the cell's own result
    }
  }
}

/** Makes a result JSON-safe: typed arrays to plain arrays, non-finite numbers to null. */
export function toJsonSafe<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      if (typeof v === 'bigint') return Number(v);
      return v;
    }),
  ) as T;
}
