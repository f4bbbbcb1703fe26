import { accessSync, constants, mkdirSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isScrutableError, ScrutableError, unknownName } from '@scrutable/core';
import { Command, CommanderError, Option } from 'commander';
import { writeFileAtomic } from './atomic.js';
import { parseShard } from './cells.js';
import { type ConfigFile, LEVELS, MAX_SEEDS, readConfigFile, resolveConfig } from './config.js';
import {
  type AnalysisApi,
  loadAnalysis,
  loadSpikingValidation,
  loadTaskSource,
  type TaskSource,
  taskBaselines,
} from './deps.js';
import { benchVersion } from './environment.js';
import { mergeDirs } from './merge.js';
import { readResults, writeReport } from './outputs.js';
import { plainReporter, ttyReporter } from './progress.js';
import { discoverSubstrates, findWorkspaceRoot, type Registry } from './registry.js';
import { toJsonSafe } from './run-cell.js';
import { runBench } from './runner.js';
import { fileTaskId } from './task-file.js';

/** Exit codes: all cells ran / some failed / bad usage / interrupted (128 + SIGINT). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Where the CLI writes, and what it runs on (tests inject a registry or task source). */
export interface MainContext {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Used instead of discovering substrates. */
  readonly registry?: Registry;
  /** Used instead of the tasks package. */
  readonly tasks?: TaskSource;
  /** Used instead of the analysis package; null runs without analyses. */
  readonly analysis?: AnalysisApi | null;
  /** Whether stdout is a terminal (live progress lines); default: process.stdout.isTTY. */
  readonly tty?: boolean;
}

/**
 * Parses `1,3` or `1-3` (or a mix) into sorted distinct integers within `bounds`; BAD_CONFIG
 * otherwise, and for an empty range like `3-1`. A range's bounds are checked before it is expanded.
 */
export function parseIntegerList(text: string, what: string, bounds: { min: number; max: number }): number[] {
  const out = new Set<number>();
  const bad = (why: string) => new ScrutableError('BAD_CONFIG', `${what} ${why}, got '${text}'`);
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw bad('must be integers like 1,3 or 1-3');
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (from > to) throw bad(`has an empty range (write low-high, e.g. ${to}-${from})`);
    if (from < bounds.min || to > bounds.max) throw bad(`must be in ${bounds.min}..${bounds.max}`);
    for (let v = from; v <= to; v++) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses a plain decimal integer in min..max (no sign, exponent, hex or empty text); BAD_CONFIG otherwise. */
export function parseInteger(text: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new ScrutableError('BAD_CONFIG', `${what} must be an integer ${range}, got '${text}'`);
  }
  return n;
}

/** A folder flag's value; BAD_CONFIG when empty (it would resolve to the current folder). */
function folderName(text: string, flag: string): string {
  if (!text.trim()) throw new ScrutableError('BAD_CONFIG', `${flag} needs a folder, got ''`);
  return text;
}

/** Creates `dir` if needed and checks it can be written to, before any cell runs; BAD_CONFIG otherwise. */
function checkWritableDir(dir: string, flag: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (e as Error).message;
    throw new ScrutableError('BAD_CONFIG', `${flag} '${dir}' cannot be used as a folder: ${reason}`);
  }
}

/** Checks an output folder and its runs/ subfolder (see checkWritableDir). */
function checkOutputFolder(outDir: string): void {
  for (const dir of [outDir, join(outDir, 'runs')]) checkWritableDir(dir, '--out');
}

/** The default cache folder: $XDG_CACHE_HOME/scrutable or ~/.cache/scrutable. */
export function defaultCacheDir(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'scrutable');
}

interface BenchFlags {
  suite?: string;
  substrates?: string;
  tasks?: string;
  levels?: string;
  seeds?: string;
  out: string;
  workers?: string;
  shard?: string;
  resume?: boolean;
  cache: string | boolean;
  config?: string;
  taskFile?: string;
}

function scalar(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
}

/**
 * A validation result as text: per check, its scalar fields on one line and each list of records as
 * a small table (e.g. the STDP window: dtMs, measured, expected).
 */
export function describeValidation(result: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(result)) {
    if (!value || typeof value !== 'object') {
      lines.push(`${name}: ${scalar(value)}`);
      continue;
    }
    const fields = Object.entries(value as Record<string, unknown>);
    const scalars = fields.filter(([, v]) => v === null || typeof v !== 'object');
    lines.push(`${name}: ${scalars.map(([k, v]) => `${k}=${scalar(v)}`).join(' ')}`);
    for (const [key, list] of fields) {
      if (!Array.isArray(list) || !list.every((r) => r && typeof r === 'object')) continue;
      const columns = Object.keys(list[0] ?? {});
      lines.push(`  ${key}:`, `    ${columns.join('\t')}`);
      for (const row of list as Record<string, unknown>[])
        lines.push(`    ${columns.map((c) => scalar(row[c])).join('\t')}`);
    }
  }
  return lines;
}

/** Runs the `scrutable` command line; resolves to the process exit code. */
export async function main(argv: readonly string[], context: MainContext = {}): Promise<number> {
  const stdout = context.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = context.stderr ?? ((t: string) => process.stderr.write(t));
  const say = (line: string) => stdout(`${line}\n`);
  const warn = (line: string) => stderr(`warning: ${line}\n`);
  let exitCode: number = EXIT.ok;
  const root = findWorkspaceRoot();
  const registryFor = async (file: ConfigFile = {}): Promise<Registry> => {
    if (context.registry) return context.registry;
    const registry = await discoverSubstrates({
      ...(root ? { root } : {}),
      extraPackages: file.packages ?? [],
    });
    for (const problem of registry.problems) warn(problem);
    return registry;
  };
  const tasksSource = async () => context.tasks ?? (await loadTaskSource());
  const analysisApi = async () =>
    context.analysis === undefined ? await loadAnalysis() : (context.analysis ?? undefined);

  const program = new Command('scrutable')
    .description(
      'Measure how interpretable connectionist substrates are, on domains with known ground truth.',
    )
    .version(benchVersion())
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: stdout, writeErr: stderr });

  program
    .command('bench')
    .description('run a benchmark suite and write results.json, results.csv, report.md, index.html and runs/')
    .addOption(new Option('--suite <name>', 'suite: quick | standard | full (default quick)'))
    .option('--substrates <ids>', 'comma-separated substrate ids (default: every registered substrate)')
    .option('--tasks <domains>', 'comma-separated domains (default: the suite’s)')
    .option('--levels <list>', 'complexity levels, e.g. 1,3 or 1-3 (default: the suite’s)')
    .option('--seeds <n>', 'number of seeds, 0..n-1 (default: the suite’s)')
    .option('--out <dir>', 'output folder', 'reports/latest')
    .option(
      '--workers <n>',
      `worker threads; 0 runs in-process (default: ${availableParallelism()}, the number of cores)`,
    )
    .option('--shard <i/N>', 'run only shard i of N (cells split by id hash); join shards with merge')
    .option('--resume', 'skip cells whose run file already exists in <out>/runs')
    .option('--cache <dir>', `cache of finished cells keyed by cell id (default: ${defaultCacheDir()})`)
    .option('--no-cache', 'neither read nor write the cache')
    .option('--config <file>', 'JSON config file (flags override it)')
    .option(
      '--task-file <file>',
      'a CSV in the format `tasks export` writes, run as one more task (at level 1)',
    )
    .action(async (flags: BenchFlags) => {
      // an empty value (`--seeds ""`) is given, and so checked, not ignored
      const given = (value: string | undefined): value is string => value !== undefined;
      const file = given(flags.config) ? readConfigFile(flags.config) : {};
      const registry = await registryFor(file);
      const tasks = await tasksSource();
      const analysis = await analysisApi();
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
      const workers = given(flags.workers)
        ? parseInteger(flags.workers, '--workers', 0)
        : availableParallelism();
      const shard = given(flags.shard) ? parseShard(flags.shard) : undefined;
      if (!analysis)
        warn('the analysis package provides no analyzeCell: cells get capability only, no metrics');
      const outDir = resolve(folderName(flags.out, '--out'));
      const cacheDir =
        flags.cache === false
          ? undefined
          : typeof flags.cache === 'string'
            ? resolve(folderName(flags.cache, '--cache'))
            : defaultCacheDir();
      checkOutputFolder(outDir);
      if (cacheDir) checkWritableDir(cacheDir, '--cache');
      const controller = new AbortController();
      const interrupt = () => {
        stderr('\ninterrupted: abandoning running cells; finished cells are kept (rerun with --resume)\n');
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
          ...(shard ? { shard } : {}),
          resume: !!flags.resume,
          ...(cacheDir ? { cacheDir } : {}),
          reporter: (context.tty ?? process.stdout.isTTY) ? ttyReporter(process.stdout) : plainReporter(say),
          signal: controller.signal,
          ...(root ? { root } : {}),
          warn,
        });
        if (outcome.interrupted) {
          exitCode = EXIT.interrupted;
          return;
        }
        say(`${outcome.computed} cells computed, ${outcome.reused} reused, ${outcome.failed} failed`);
        say(`wrote ${join(outDir, 'results.json')}, results.csv, report.md, index.html`);
        exitCode = outcome.failed > 0 ? EXIT.failed : EXIT.ok;
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
    });

  program
    .command('report')
    .description('rebuild results.csv, report.md and index.html from DIR/results.json')
    .argument('<dir>', 'a folder holding results.json')
    .action(async (dir: string) => {
      await writeReport(dir, readResults(dir));
      say(`rebuilt the report in ${dir}`);
    });

  program
    .command('merge')
    .description('merge the outputs of shard runs into one results.json and report')
    .argument('<dirs...>', 'shard output folders')
    .requiredOption('--out <dir>', 'output folder')
    .action(async (dirs: string[], flags: { out: string }) => {
      const outDir = resolve(folderName(flags.out, '--out'));
      const { results, duplicates } = await mergeDirs(dirs, outDir, await analysisApi(), () =>
        checkOutputFolder(outDir),
      );
      if (duplicates)
        stderr(
          `note: ${duplicates === 1 ? '1 cell was' : `${duplicates} cells were`} in more than one folder (same id: same config, code and cell); each is kept once, a successful copy over a failed one\n`,
        );
      say(`merged ${dirs.length} folders: ${results.cells.length} cells -> ${flags.out}`);
      if (results.cells.some((c) => c.status === 'failed')) exitCode = EXIT.failed;
    });

  const tasksCommand = program.command('tasks').description('list the domains or export one as CSV');
  tasksCommand
    .command('list')
    .description('list the domains, with each level’s chance and linear baselines')
    .option('--json', 'print JSON')
    .option('--levels <list>', 'levels whose baselines to list, e.g. 1-3', '1-3')
    .option('--seed <S>', 'seed of the task instances the baselines are measured on', '0')
    .action(async (flags: { json?: boolean; levels: string; seed: string }) => {
      const tasks = await tasksSource();
      const levels = parseIntegerList(flags.levels, '--levels', LEVELS);
      const seed = parseInteger(flags.seed, '--seed', 0);
      const rows = tasks.domains.map((id) => ({
        id,
        description: tasks.descriptions?.[id] ?? '',
        levels: levels.map((level) => taskBaselines(tasks.generate(id, level, seed))),
      }));
      if (flags.json) say(JSON.stringify(rows, null, 2));
      else
        for (const r of rows) {
          say(`${r.id.padEnd(10)} ${r.description}`);
          for (const b of r.levels)
            say(
              `${''.padEnd(10)} L${b.level}: chance ${b.chance.toFixed(3)}, linear ${b.linear?.toFixed(3) ?? '-'}${b.trivial ? ' (trivial)' : ''}`,
            );
        }
    });
  tasksCommand
    .command('export')
    .description('write one generated task split as CSV (inputs, targets and latents per row)')
    .argument('<domain>', 'domain name')
    .requiredOption('--level <L>', 'complexity level 1..5')
    .requiredOption('--seed <S>', 'seed (non-negative integer)')
    .option('--split <split>', "train, test, or all (both, with a 'split' column)", 'train')
    .requiredOption('--out <file>', "CSV file to write ('-': standard output)")
    .action(async (domain: string, flags: { level: string; seed: string; split: string; out: string }) => {
      const tasks = await tasksSource();
      if (!tasks.domains.includes(domain)) unknownName('task', domain, tasks.domains);
      if (flags.split !== 'train' && flags.split !== 'test' && flags.split !== 'all')
        unknownName('split', flags.split, ['train', 'test', 'all']);
      const level = parseInteger(flags.level, '--level', LEVELS.min, LEVELS.max);
      const seed = parseInteger(flags.seed, '--seed', 0);
      if (!tasks.toCsv) throw new ScrutableError('UNSUPPORTED', 'the tasks package provides no taskToCsv');
      const csv = tasks.toCsv(tasks.generate(domain, level, seed), flags.split);
      if (flags.out === '-') {
        stdout(csv);
        return;
      }
      writeFileAtomic(resolve(flags.out), csv);
      say(`wrote ${flags.out}`);
    });

  program
    .command('substrates')
    .description('what the registry found')
    .command('list')
    .description('list the registered substrates')
    .option('--json', 'print JSON')
    .option('--config <file>', 'also search the packages this JSON config file names')
    .action(async (flags: { json?: boolean; config?: string }) => {
      const file = flags.config !== undefined ? readConfigFile(flags.config) : {};
      const rows = (await registryFor(file)).entries.map((e) => ({
        id: e.factory.id,
        family: e.factory.family,
        synchronous: e.factory.synchronous,
        learning: e.factory.learning,
        package: e.packageName,
        description: e.factory.description,
      }));
      if (flags.json) say(JSON.stringify(rows, null, 2));
      else {
        // columns as wide as their longest entry, so the descriptions line up
        const width = (key: 'id' | 'family' | 'package') => Math.max(...rows.map((r) => r[key].length));
        const [id, family, pkg] = [width('id'), width('family'), width('package')];
        for (const r of rows)
          say(
            `${r.id.padEnd(id)}  ${r.family.padEnd(family)}  ${r.synchronous ? 'sync ' : 'async'}  ${r.package.padEnd(pkg)}  ${r.description} (learns by: ${r.learning})`,
          );
      }
    });

  program
    .command('validate')
    .description('check a simulator against theory')
    .command('spiking')
    .description('the spiking simulator’s measured STDP window (and its other checks) against theory')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const validate = await loadSpikingValidation();
      if (!validate)
        throw new ScrutableError('UNSUPPORTED', 'the spiking package provides no validateSpiking()');
      const result = toJsonSafe(await validate());
      if ((result as { passed?: unknown }).passed === false) exitCode = EXIT.failed;
      if (flags.json) {
        say(JSON.stringify(result, null, 2));
        return;
      }
      for (const line of describeValidation(result as Record<string, unknown>)) say(line);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not errors; anything else commander rejects is bad usage
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isScrutableError(e) && ['UNKNOWN_NAME', 'BAD_CONFIG', 'BAD_INPUT'].includes(e.code)) {
      stderr(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    stderr(`error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.failed;
  }
}
