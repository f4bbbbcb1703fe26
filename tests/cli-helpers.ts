import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the BUILT command line, run exactly as a user runs it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'apps', 'bench', 'dist', 'cli.js');

/** Runs the built CLI from the repository root (blocking). */
export function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI without blocking this process's event loop (a busy child must be reaped). */
export async function cliAsync(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stderr };
}

/** A fresh scratch folder. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `scrutable-${label}-`));
}

/** A results value without what legitimately varies between runs: timings and the creation time. */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'cost' && k !== 'createdAt' && !/(ms|Ms)$/.test(k))
        .map(([k, v]) => [k, withoutTimings(v)]),
    );
  return value;
}
