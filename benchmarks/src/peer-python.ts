import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, runCommand } from './run-command.js';

/** Debian's interpreter, which sees Debian's python3-torch and python3-brian packages. */
export const PYTHON = '/usr/bin/python3';
const peersDir = fileURLToPath(new URL('../peers/', import.meta.url));

/** Runs a script of `peers/` and returns the JSON object it printed last. */
export function runPeer(script: string, args: readonly string[]): Record<string, unknown> {
  return lastJsonLine(runCommand(PYTHON, [`${peersDir}${script}`, ...args]));
}

/** True when the interpreter can import `module`. */
export function hasModule(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}
