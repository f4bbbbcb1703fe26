import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportResults } from '@scrutable/report';
import { Piscina } from 'piscina';
import { readCellFile, writeCellFile } from './cell-file.js';
import { CellQueue } from './cell-queue.js';
import { type CellSpec, enumerateCells, shardCells } from './cells.js';
import type { ResolvedConfig } from './config.js';
import type { AnalysisApi, TaskSource } from './deps.js';
import { codeVersionOf, describeEnvironment, NOT_REPORTED } from './environment.js';
import { runGuarded } from './in-process.js';
import { assembleResults, writeOutputs } from './outputs.js';
import { type ProgressReporter, silentReporter } from './progress.js';
import { type RegistryEntry, sourceEntry } from './registry.js';
import { type BenchCellResult, type FitStoreOptions, runCell } from './run-cell.js';
import { runSelfChecks } from './self-checks.js';
import type { WorkerTask } from './worker.js';

/**
 * Cells a worker thread runs before a fresh thread takes its lane. A thread keeps what its cells made
 * it grow (V8's heap, typed arrays), so without a limit a long run's peak memory grows with its length;
 * a fresh thread costs a few seconds of CPU to load the packages again. Results do not depend on it.
 */
export const DEFAULT_CELLS_PER_WORKER = 48;

/** The watchdog's default wall-clock limit per cell: far above any cell of the suites (minutes). */
export const DEFAULT_CELL_TIMEOUT_MS = 60 * 60 * 1000;

/** Everything one `bench` run needs; the CLI builds it from flags, tests build it directly. */
export interface BenchOptions {
  readonly config: ResolvedConfig;
  /** Registry entries of (at least) the configured substrates. */
  readonly entries: readonly RegistryEntry[];
  readonly tasks: TaskSource;
  readonly analysis: AnalysisApi | undefined;
  readonly outDir: string;
  /** Worker threads; 0 runs cells in this thread (debugging: see `runGuarded`). */
  readonly workers: number;
  /** Cells a worker thread runs before a fresh one replaces it (default DEFAULT_CELLS_PER_WORKER). */
  readonly cellsPerWorker?: number;
  readonly shard?: { index: number; count: number };
  /** Reuse finished run files in outDir/runs. */
  readonly resume?: boolean;
  /** Cache folder keyed by cell id; undefined = no cache. */
  readonly cacheDir?: string;
  readonly reporter?: ProgressReporter;
  /** Aborting stops scheduling, abandons running cells and keeps the finished ones. */
  readonly signal?: AbortSignal;
  /** Workspace root (for package versions). */
  readonly root?: string;
  /**
   * A watchdog, not a budget: a cell still running after this many wall-clock ms is stopped and
   * recorded as failed, and the run goes on. It never shapes a result that is kept.
   */
  readonly cellTimeoutMs?: number;
  /**
   * Fit once per run (default true): a substrate derived from another's fit (`derivedFrom`) gets it
   * from the model store in <out>/models, where the source's own cells leave it.
   */
  readonly shareFits?: boolean;
  /** Run the self-checks the configured substrates' factories ship, into results `selfChecks` (default true). */
  readonly selfChecks?: boolean;
  /** Where warnings go. */
  readonly warn?: (message: string) => void;
}

/** What a run did. */
export interface BenchOutcome {
  /** Absent when interrupted before the end. */
  readonly results?: ReportResults;
  readonly cells: readonly CellSpec[];
  /** Cells computed now. */
  readonly computed: number;
  /** Cells taken from run files (resume) or the cache. */
  readonly reused: number;
  readonly failed: number;
  readonly interrupted: boolean;
}

/** The compiled worker next to this module; absent when running from sources. */
const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/** A cell that ended without a result of its own (watchdog, crashed worker). */
function failedCell(cell: CellSpec, error: string): BenchCellResult {
  const { id, substrate, task, level, seed } = cell;
  return { id, substrate, task, level, seed, status: 'failed', error };
}

/** Rejects with the watchdog's message once `ms` of wall-clock time have passed. */
function watchdog(ms: number, signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new WatchdogTimeout(ms)), ms);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
}

class WatchdogTimeout extends Error {
  constructor(ms: number) {
    super(`stopped by the watchdog: still running after ${Math.round(ms / 1000)} s of wall-clock time`);
  }
}

/**
 * Runs a benchmark: enumerate (and shard) the cells, reuse finished ones (--resume, cache) after
 * checking them, run the rest on a worker pool (or in-process), write each result atomically to
 * runs/<id>.json as soon as it finishes, then write results.json and the report.
 */
export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const { config, outDir } = options;
  const reporter = options.reporter ?? silentReporter;
  const warn = options.warn ?? (() => {});
  const timeoutMs = options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const byId = new Map(options.entries.map((e) => [e.factory.id, e]));
  const entryOf = (id: string) => byId.get(id)!;
  const sourceOf = (id: string) => sourceEntry(entryOf(id), byId);
  // A derived substrate's cells also depend on its source's code.
  const codeVersion = (id: string) => {
    const source = sourceOf(id);
    return {
      ...(source ? codeVersionOf(source, options.root) : {}),
      ...codeVersionOf(entryOf(id), options.root),
    };
  };
  const suiteCells = enumerateCells(config, (id) => entryOf(id).packageName, codeVersion);
  const cells = options.shard ? shardCells(suiteCells, options.shard.index, options.shard.count) : suiteCells;
  const runsDir = join(outDir, 'runs');
  // the substrates some configured substrate is derived from: their fits are stored for it
  const sources = new Set(config.substrates.flatMap((id) => sourceOf(id)?.factory.id ?? []));
  const fitsOf = (cell: CellSpec): FitStoreOptions | undefined => {
    if (options.shareFits === false) return undefined;
    const dir = join(outDir, 'models');
    const substrate = cell.rungOf ?? cell.substrate;
    const source = sourceOf(substrate);
    if (source) return { dir, whose: 'source', code: codeVersionOf(source, options.root) };
    if (sources.has(substrate))
      return { dir, whose: 'self', code: codeVersionOf(entryOf(substrate), options.root) };
    return undefined;
  };
  const results = new Map<string, BenchCellResult>();
  /** A saved cell, when it passes every check; a warning naming the file when it does not. */
  const reuse = (path: string, id: string): BenchCellResult | undefined => {
    const saved = readCellFile(path, id);
    if (saved.kind === 'invalid') warn(`${path} ${saved.reason}: computing the cell again`);
    return saved.kind === 'ok' ? saved.cell : undefined;
  };
  const todo: CellSpec[] = [];
  for (const cell of cells) {
    const runFile = join(runsDir, `${cell.id}.json`);
    const previous = options.resume ? reuse(runFile, cell.id) : undefined;
    const cached =
      previous ?? (options.cacheDir ? reuse(join(options.cacheDir, `${cell.id}.json`), cell.id) : undefined);
    if (cached) {
      if (!previous) writeCellFile(runFile, cached);
      results.set(cell.id, cached);
    } else todo.push(cell);
  }
  const reused = results.size;
  // sources first, so a derived cell finds its source's fit stored (the queue holds it back until then)
  const isSource = (cell: CellSpec) => sources.has(cell.rungOf ?? cell.substrate);
  todo.sort((a, b) => Number(isSource(b)) - Number(isSource(a)));

  let workers = options.workers;
  if (workers > 0 && !existsSync(WORKER_FILE)) {
    warn('no compiled worker next to the runner (running from sources?): running cells in-process');
    workers = 0;
  }
  const lanes = Math.max(1, Math.min(workers, todo.length || 1));
  const cellsPerWorker = options.cellsPerWorker ?? DEFAULT_CELLS_PER_WORKER;
  // one single-thread pool per lane, so a lane can swap its thread for a fresh one between cells
  const newPool = () =>
    new Piscina<WorkerTask, BenchCellResult>({ filename: WORKER_FILE, minThreads: 1, maxThreads: 1 });
  const pools = workers > 0 && todo.length > 0 ? Array.from({ length: lanes }, newPool) : undefined;
  // stops the run early: an interruption, or a file that cannot be written (then no other cell is recorded)
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  if (options.signal?.aborted) stop.abort();
  let fatal: unknown;

  /** One cell, stopped by the watchdog after timeoutMs; throws only when the run is stopping. */
  const runOne = async (
    cell: CellSpec,
    pool: Piscina<WorkerTask, BenchCellResult> | undefined,
  ): Promise<BenchCellResult> => {
    // a rung of the dense ladder runs its source substrate's factory
    const entry = entryOf(cell.rungOf ?? cell.substrate);
    const source = sourceOf(cell.rungOf ?? cell.substrate);
    const fits = fitsOf(cell);
    const done = new AbortController();
    const signal = AbortSignal.any([stop.signal, done.signal]);
    try {
      const task: WorkerTask = {
        spec: cell,
        entry: entry.entry,
        ...(source
          ? { source: { id: source.factory.id, packageName: source.packageName, entry: source.entry } }
          : {}),
        ...(fits ? { fits } : {}),
      };
      const running = pool
        ? pool.run(task, { signal })
        : runGuarded(() =>
            runCell(cell, {
              tasks: options.tasks,
              analysis: options.analysis,
              factory: entry.factory,
              ...(source ? { source: source.factory } : {}),
              ...(fits ? { fits } : {}),
              signal,
            }),
          );
      return await Promise.race([running, watchdog(timeoutMs, signal)]);
    } catch (e) {
      if (stop.signal.aborted) throw e;
      return failedCell(cell, e instanceof WatchdogTimeout ? e.message : String((e as Error)?.message ?? e));
    } finally {
      // ends the watchdog's timer, and stops a worker or an in-process fit the watchdog gave up on
      done.abort();
    }
  };

  reporter.start(todo.length, reused, lanes);
  const queue = new CellQueue(todo, (cell) =>
    options.shareFits === false ? undefined : sourceOf(cell.rungOf ?? cell.substrate)?.factory.id,
  );
  stop.signal.addEventListener('abort', () => queue.close(), { once: true });
  if (stop.signal.aborted) queue.close();
  let computed = 0;
  const lane = async (index: number) => {
    let ranOnThread = 0;
    for (let cell = await queue.next(); cell && !stop.signal.aborted; cell = await queue.next()) {
      if (pools && ranOnThread === cellsPerWorker) {
        await pools[index]!.destroy();
        pools[index] = newPool();
        ranOnThread = 0;
      }
      ranOnThread++;
      reporter.cellStarted(index, cell);
      const started = performance.now();
      let result: BenchCellResult;
      try {
        result = await runOne(cell, pools?.[index]);
      } catch {
        return; // the run is stopping: the cell is abandoned, not recorded
      } finally {
        queue.finished(cell);
      }
      // an in-process cell stopped by the abort is abandoned, like one in a terminated worker
      if (stop.signal.aborted) return;
      try {
        writeCellFile(join(runsDir, `${cell.id}.json`), result);
        if (options.cacheDir && result.status === 'ok')
          writeCellFile(join(options.cacheDir, `${cell.id}.json`), result);
      } catch (e) {
        fatal ??= e;
        stop.abort();
        return;
      }
      results.set(cell.id, result);
      computed++;
      reporter.cellFinished(index, cell, result, performance.now() - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  } finally {
    await Promise.all((pools ?? []).map((pool) => pool.destroy()));
    reporter.end();
  }
  if (fatal) throw fatal;
  const ordered = cells.flatMap((c) => results.get(c.id) ?? []);
  const failed = ordered.filter((c) => c.status === 'failed').length;
  if (options.signal?.aborted) return { cells, computed, reused, failed, interrupted: true };

  const entries = config.substrates.map(entryOf);
  const backends: Record<string, string> = {};
  for (const e of entries) {
    const seen = ordered.find((c) => c.substrate === e.factory.id && c.backend)?.backend;
    backends[e.factory.id] = seen ?? NOT_REPORTED;
  }
  const selfChecks = options.selfChecks === false ? undefined : await runSelfChecks(entries, byId);
  const results_ = assembleResults({
    suite: config.suite,
    createdAt: new Date().toISOString(),
    environment: describeEnvironment(entries, options.root, backends),
    config: { ...config },
    cells: ordered,
    substrateInfo: Object.fromEntries([
      ...entries.map((e) => [
        e.factory.id,
        {
          family: e.factory.family,
          synchronous: e.factory.synchronous,
          learning: e.factory.learning,
          description: e.factory.description,
          package: e.packageName,
          ...(e.factory.control ? { control: e.factory.control } : {}),
          ...(e.factory.derivedFrom ? { derivedFrom: e.factory.derivedFrom } : {}),
        },
      ]),
      ...Object.entries(config.ladder).map(([id, rung]) => {
        const e = entryOf(rung.of);
        const weaker = [
          rung.epochs ? `${rung.epochs} epochs` : '',
          rung.config ? JSON.stringify(rung.config) : '',
        ]
          .filter(Boolean)
          .join(', ');
        return [
          id,
          {
            family: e.factory.family,
            synchronous: e.factory.synchronous,
            description: `A rung of the dense ladder: ${rung.of} with ${weaker}, run only to match weaker substrates' accuracy.`,
            package: e.packageName,
            ladderOf: rung.of,
          },
        ];
      }),
    ]),
    analysis: options.analysis,
    run: { suiteCells: suiteCells.length, ...(options.shard ? { shard: options.shard } : {}) },
    ...(selfChecks && Object.keys(selfChecks).length ? { selfChecks } : {}),
  });
  await writeOutputs(outDir, results_);
  return { results: results_, cells, computed, reused, failed, interrupted: false };
}
