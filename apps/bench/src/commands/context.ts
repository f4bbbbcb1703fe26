import type { Command } from 'commander';
import type { ConfigFile } from '../config.js';
import type { AnalysisApi, TaskSource } from '../deps.js';
import type { Registry } from '../registry.js';

/** What every command is given by the program: where it writes, and what it runs on. */
export interface CommandContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** A line on stdout. */
  readonly say: (line: string) => void;
  /** A `warning:` line on stderr. */
  readonly warn: (line: string) => void;
  /** The workspace root, when the CLI runs inside one. */
  readonly root: string | undefined;
  /** Whether stdout is a terminal (live progress lines). */
  readonly tty: boolean;
  /** The substrates found (the workspace's, plus the packages a config file names). */
  registryFor(file?: ConfigFile): Promise<Registry>;
  tasks(): Promise<TaskSource>;
  analysis(): Promise<AnalysisApi | undefined>;
  /** Sets the process exit code the command ends with. */
  exit(code: number): void;
}

/** A command module: adds its command(s) to the program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;
