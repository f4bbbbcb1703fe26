import { spawnSync } from 'node:child_process';

/** Runs a command to completion and returns its stdout; throws with the end of its stderr when it fails. */
export function runCommand(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.slice(-3000)}`,
    );
  return result.stdout;
}

/** The JSON value on the last line of a peer's output (peers print one JSON line last). */
export function lastJsonLine<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}
