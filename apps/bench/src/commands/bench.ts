import { availableParallelism, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ScrutableError } from '@scrutable/core';
import { Option } from 'commander';
import { parseShard } from '../cells.js';
import { LEVELS, MAX_SEEDS, readConfigFile, resolveConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { checkWritableDir, folderName } from '../folders.js';
import { lockOutputFolder } from '../out-lock.js';
import { parseInteger, parseIntegerList, parseNames } from '../parse.js';
import { plainReporter, ttyReporter } from '../progress.js';
import { DEFAULT_CELL_TIMEOUT_MS, DEFAULT_CELLS_PER_WORKER, runBench } from '../runner.js';
import { checkSubstrateConfigs } from '../substrate-configs.js';
import { fileTaskId } from '../task-file.js';
import type { RegisterCommand } from './context.js';

/** The default cache folder: $XDG_CACHE_HOME/scrutable or ~/.cache/scrutable. */
export function defaultCacheDir(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'scrutable');
}

/** Longest watchdog limit accepted, in seconds (a week). */
const MAX_CELL_TIMEOUT_S = 7 * 24 * 3600;

interface BenchFlags {
  suite?: string;
  substrates?: string;
  tasks?: string;
  levels?: string;
  seeds?: string;
  out: string;
  workers?: string;
  cellsPerWorker?: string;
  shard?: string;
  resume?: boolean;
  cache: string | boolean;
  config?: string;
  cellTimeout?: string;
  selfChecks: boolean;
  taskFile?: string;
}

/** `scrutable bench`: runs a suite. */
export const registerBench: RegisterCommand = (program, context) => {
  program
    .command('bench')
    .description('run a benchmark suite and write results.json, results.csv, report.md, index.html and runs/')
    .addOption(new Option('--suite <name>', 'suite: quick | standard | full (default quick)'))
    .option('--substrates <ids>', 'comma-separated substrate ids (default: every registered substrate)')
    .option('--tasks <domains>', 'comma-separated domains (default: the suite’s)')
    .option('--levels <list>', 'complexity levels, e.g. 1,3 or 1-3 (default: the suite’s)')
    .option('--seeds <n>', 'number of seeds, 0..n-1 (default: the suite’s)')
    .option('--out <dir>', 'output folder (locked while the run writes it)', 'reports/latest')
    .option(
      '--workers <n>',
      `worker threads; 0 runs cells in this process, for debugging (default: ${availableParallelism()}, the number of cores)`,
    )
    .option(
      '--cells-per-worker <n>',
      `cells a worker thread runs before a fresh one replaces it, which bounds the run's memory; results do not depend on it (default ${DEFAULT_CELLS_PER_WORKER})`,
    )
    .option('--shard <i/N>', 'run only shard i of N (cells split by id hash); join shards with merge')
    .option('--resume', 'skip cells whose run file in <out>/runs is complete and unaltered')
    .option('--cache <dir>', `cache of finished cells keyed by cell id (default: ${defaultCacheDir()})`)
    .option('--no-cache', 'neither read nor write the cache')
    .option('--config <file>', 'JSON config file (flags override it)')
    .option(
      '--cell-timeout <seconds>',
      `watchdog: a cell still running after this much wall-clock time fails, and the run goes on (default ${DEFAULT_CELL_TIMEOUT_MS / 1000})`,
    )
    .option('--no-self-checks', 'do not run the substrates’ self-checks for the report')
    .option(
      '--task-file <file>',
      'a CSV in the format `tasks export` writes, run as one more task (at level 1)',
    )
    .action(async (flags: BenchFlags) => {
      // an empty value (`--seeds ""`) is given, and so checked, not ignored
      const given = (value: string | undefined): value is string => value !== undefined;
      const file = given(flags.config) ? readConfigFile(flags.config) : {};
      const registry = await context.registryFor(file);
      const tasks = await context.tasks();
      const analysis = await context.analysis();
      const taskFile = given(flags.taskFile)
        ? fileTaskId(flags.taskFile)
        : file.taskFile !== undefined
          ? fileTaskId(file.taskFile, dirname(resolve(flags.config!)))
          : undefined;
      const config = resolveConfig(
        file,
        {
          ...(given(flags.suite) ? { suite: flags.suite } : {}),
          ...(given(flags.substrates) ? { substrates: parseNames(flags.substrates) } : {}),
          ...(given(flags.tasks) ? { tasks: parseNames(flags.tasks) } : {}),
          ...(given(flags.levels) ? { levels: parseIntegerList(flags.levels, '--levels', LEVELS) } : {}),
          ...(given(flags.seeds) ? { seeds: parseInteger(flags.seeds, '--seeds', 1, MAX_SEEDS) } : {}),
          ...(taskFile ? { taskFile } : {}),
        },
        {
          substrates: registry.entries.map((e) => e.factory.id),
          domains: tasks.domains,
          ...(analysis?.families ? { families: analysis.families } : {}),
        },
      );
      checkSubstrateConfigs(config, registry.entries);
      const workers = given(flags.workers)
        ? parseInteger(flags.workers, '--workers', 0)
        : availableParallelism();
      const cellsPerWorker = given(flags.cellsPerWorker)
        ? parseInteger(flags.cellsPerWorker, '--cells-per-worker', 1)
        : DEFAULT_CELLS_PER_WORKER;
      const shard = given(flags.shard) ? parseShard(flags.shard) : undefined;
      const cellTimeoutMs = given(flags.cellTimeout)
        ? parseInteger(flags.cellTimeout, '--cell-timeout', 1, MAX_CELL_TIMEOUT_S) * 1000
        : DEFAULT_CELL_TIMEOUT_MS;
      if (!analysis)
        context.warn('the analysis package provides no analyzeCell: cells get capability only, no metrics');
      const outDir = folderName(flags.out, '--out');
      const cacheDir =
        flags.cache === false
          ? undefined
          : typeof flags.cache === 'string'
            ? folderName(flags.cache, '--cache')
            : defaultCacheDir();
      for (const dir of [outDir, join(outDir, 'runs')]) checkWritableDir(dir, '--out');
      if (cacheDir) checkWritableDir(cacheDir, '--cache');
      if (cacheDir === outDir || cacheDir === join(outDir, 'runs'))
        throw new ScrutableError('BAD_CONFIG', '--cache must be a folder of its own, not --out or its runs/');
      const release = lockOutputFolder(outDir);
      const controller = new AbortController();
      const interrupt = () => {
        context.stderr(
          '\ninterrupted: abandoning running cells; finished cells are kept (rerun with --resume)\n',
        );
        controller.abort();
      };
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        const outcome = await runBench({
          config,
          entries: registry.entries,
          tasks,
          analysis,
          outDir,
          workers,
          cellsPerWorker,
          ...(shard ? { shard } : {}),
          resume: !!flags.resume,
          ...(cacheDir ? { cacheDir } : {}),
          reporter: context.tty ? ttyReporter(process.stdout) : plainReporter(context.say),
          signal: controller.signal,
          ...(context.root ? { root: context.root } : {}),
          cellTimeoutMs,
          selfChecks: flags.selfChecks,
          warn: context.warn,
        });
        if (outcome.interrupted) {
          context.exit(EXIT.interrupted);
          return;
        }
        context.say(`${outcome.computed} cells computed, ${outcome.reused} reused, ${outcome.failed} failed`);
        context.say(`wrote ${join(outDir, 'results.json')}, results.csv, report.md, index.html`);
        context.exit(outcome.failed > 0 ? EXIT.failed : EXIT.ok);
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        release();
      }
    });
};
