import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportResults, Showcase } from '@scrutable/report';
import { Piscina } from 'piscina';
import { readJsonIfExists, writeFileAtomic } from './atomic.js';
import { type CellSpec, enumerateCells, shardCells } from './cells.js';
import type { ResolvedConfig } from './config.js';
import { type AnalysisApi, loadSpikingValidation, type TaskSource } from './deps.js';
import { codeVersionOf, describeEnvironment } from './environment.js';
import { assembleResults, stdpPoints, writeOutputs } from './outputs.js';
import { type ProgressReporter, silentReporter } from './progress.js';
import { type RegistryEntry, sourceEntry } from './registry.js';
import { type BenchCellResult, runCell, toJsonSafe } from './run-cell.js';
import type { WorkerTask } from './worker.js';

/** Everything one `bench` run needs; the CLI builds it from flags, tests build it directly. */
export interface BenchOptions {
  readonly config: ResolvedConfig;
  /** Registry entries of (at least) the configured substrates. */
  readonly entries: readonly RegistryEntry[];
  readonly tasks: TaskSource;
  readonly analysis: AnalysisApi | undefined;
  readonly outDir: string;
  /** Worker threads; 0 runs cells in this thread (tests, debugging). */
  readonly workers: number;
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
  /** Also run the spiking simulator's self-check for the report (default: when a spiking substrate runs). */
  readonly validateSpiking?: boolean;
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

/** A finished cell saved at `path` (a run file or the cache); failed cells are not reused, so they are retried. */
function reusable(path: string, id: string): BenchCellResult | undefined {
  const saved = readJsonIfExists<BenchCellResult>(path);
  return saved?.id === id && saved.status === 'ok' ? saved : undefined;
}

/**
 * Runs a benchmark: enumerate (and shard) the cells, reuse finished ones (--resume, cache), run the
 * rest on a worker pool (or in-process), write each result atomically to runs/<id>.json as soon as
 * it finishes, then write results.json and the report.
 */
export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const { config, outDir } = options;
  const reporter = options.reporter ?? silentReporter;
  const warn = options.warn ?? (() => {});
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
  let cells = enumerateCells(config, (id) => entryOf(id).packageName, codeVersion);
  if (options.shard) cells = shardCells(cells, options.shard.index, options.shard.count);
  const runsDir = join(outDir, 'runs');
  const results = new Map<string, BenchCellResult>();
  const todo: CellSpec[] = [];
  for (const cell of cells) {
    const runFile = join(runsDir, `${cell.id}.json`);
    const previous = options.resume ? reusable(runFile, cell.id) : undefined;
    const cached =
      previous ??
      (options.cacheDir ? reusable(join(options.cacheDir, `${cell.id}.json`), cell.id) : undefined);
    if (cached) {
      if (!previous) writeFileAtomic(runFile, JSON.stringify(cached));
      results.set(cell.id, cached);
    } else todo.push(cell);
  }
  const reused = results.size;

  let workers = options.workers;
  if (workers > 0 && !existsSync(WORKER_FILE)) {
    warn('no compiled worker next to the runner (running from sources?): running cells in-process');
    workers = 0;
  }
  const lanes = Math.max(1, Math.min(workers, todo.length || 1));
  const pool =
    workers > 0 && todo.length > 0
      ? new Piscina<WorkerTask, BenchCellResult>({
          filename: WORKER_FILE,
          minThreads: lanes,
          maxThreads: lanes,
        })
      : undefined;
  const signal = options.signal;
  const runOne = async (cell: CellSpec): Promise<BenchCellResult> => {
    const entry = entryOf(cell.rungOf ?? cell.substrate);
    const source = sourceOf(cell.rungOf ?? cell.substrate);
    if (pool) {
      const task: WorkerTask = {
        spec: cell,
        entry: entry.entry,
        ...(source
          ? { source: { id: source.factory.id, packageName: source.packageName, entry: source.entry } }
          : {}),
      };
      return pool.run(task, signal ? { signal } : {});
    }
    return toJsonSafe(
      await runCell(cell, {
        tasks: options.tasks,
        analysis: options.analysis,
        factory: entry.factory,
        ...(source ? { source: source.factory } : {}),
        ...(signal ? { signal } : {}),
      }),
    );
  };

  reporter.start(todo.length, reused, lanes);
  let next = 0;
  let computed = 0;
  const lane = async (index: number) => {
    while (next < todo.length && !signal?.aborted) {
      const cell = todo[next++]!;
      reporter.cellStarted(index, cell);
      const started = performance.now();
      let result: BenchCellResult;
      try {
        result = await runOne(cell);
        // an in-process cell stopped by the abort is abandoned, like one in a terminated worker
        if (signal?.aborted && result.status === 'failed') return;
      } catch (e) {
        if (signal?.aborted) return;
        const { id, substrate, task, level, seed } = cell;
        result = {
          id,
          substrate,
          task,
          level,
          seed,
          status: 'failed',
          error: String((e as Error)?.message ?? e),
        };
      }
      writeFileAtomic(join(runsDir, `${cell.id}.json`), JSON.stringify(result));
      if (options.cacheDir && result.status === 'ok')
        writeFileAtomic(join(options.cacheDir, `${cell.id}.json`), JSON.stringify(result));
      results.set(cell.id, result);
      computed++;
      reporter.cellFinished(index, cell, result, performance.now() - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  } finally {
    await pool?.destroy();
    reporter.end();
  }
  const ordered = cells.flatMap((c) => results.get(c.id) ?? []);
  const failed = ordered.filter((c) => c.status === 'failed').length;
  if (signal?.aborted) return { cells, computed, reused, failed, interrupted: true };

  const entries = config.substrates.map(entryOf);
  const notes: Record<string, string> = {};
  let stdp: Showcase['stdp'];
  const spikingRuns = entries.some((e) => e.factory.family === 'spiking');
  if (options.validateSpiking ?? spikingRuns) {
    const validate = await loadSpikingValidation();
    if (!validate) notes['stdp'] = 'The spiking package does not provide validateSpiking().';
    else {
      try {
        stdp = stdpPoints(toJsonSafe(await validate()));
        if (!stdp) notes['stdp'] = 'validateSpiking() returned no STDP window points.';
      } catch (e) {
        notes['stdp'] = `validateSpiking() failed: ${(e as Error).message}`;
      }
    }
  }
  const backends: Record<string, string> = {};
  for (const e of entries) {
    const seen = ordered.find((c) => c.substrate === e.factory.id && c.backend)?.backend;
    backends[e.factory.id] = seen ?? 'not reported';
  }
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
    ...(stdp ? { stdp } : {}),
    notes,
  });
  await writeOutputs(outDir, results_);
  return { results: results_, cells, computed, reused, failed, interrupted: false };
}
