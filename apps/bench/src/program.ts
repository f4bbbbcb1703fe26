import { isScrutableError } from '@scrutable/core';
import { Command, CommanderError } from 'commander';
import { registerBench } from './commands/bench.js';
import type { CommandContext } from './commands/context.js';
import { registerMerge } from './commands/merge.js';
import { registerReport } from './commands/report.js';
import { registerSubstrates } from './commands/substrates.js';
import { registerTasks } from './commands/tasks.js';
import { registerValidate } from './commands/validate.js';
import type { ConfigFile } from './config.js';
import { type AnalysisApi, loadAnalysis, loadTaskSource, type TaskSource } from './deps.js';
import { benchVersion } from './environment.js';
import { EXIT } from './exit-codes.js';
import { discoverSubstrates, type Registry } from './registry.js';
import { findWorkspaceRoot } from './workspace.js';

export { EXIT } from './exit-codes.js';

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

/** Runs the `scrutable` command line; resolves to the process exit code. */
export async function main(argv: readonly string[], context: MainContext = {}): Promise<number> {
  const stdout = context.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = context.stderr ?? ((t: string) => process.stderr.write(t));
  let exitCode: number = EXIT.ok;
  const root = findWorkspaceRoot();
  const warn = (line: string) => stderr(`warning: ${line}\n`);
  const commands: CommandContext = {
    stdout,
    stderr,
    say: (line) => stdout(`${line}\n`),
    warn,
    root,
    tty: context.tty ?? !!process.stdout.isTTY,
    registryFor: async (file: ConfigFile = {}) => {
      if (context.registry) return context.registry;
      const registry = await discoverSubstrates({
        ...(root ? { root } : {}),
        extraPackages: file.packages ?? [],
      });
      for (const problem of registry.problems) warn(problem);
      return registry;
    },
    tasks: async () => context.tasks ?? (await loadTaskSource()),
    analysis: async () =>
      context.analysis === undefined ? await loadAnalysis() : (context.analysis ?? undefined),
    exit: (code) => {
      exitCode = code;
    },
  };

  const program = new Command('scrutable')
    .description(
      'Measure how interpretable connectionist substrates are, on domains with known ground truth.',
    )
    .version(benchVersion())
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: stdout, writeErr: stderr });
  for (const register of [
    registerBench,
    registerReport,
    registerMerge,
    registerTasks,
    registerSubstrates,
    registerValidate,
  ])
    register(program, commands);

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
