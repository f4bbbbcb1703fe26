// The spiking simulator's algorithm written in C for benchmark 4 (peers/event_driven_brette4.c),
// compiled ahead of time natively (gcc) and to WebAssembly (clang, wasm32-wasi), and timed: how far
// the end-to-end figure is from what the same design costs without a JIT.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const source = fileURLToPath(new URL('../peers/event_driven_brette4.c', import.meta.url));
const wasiMain = fileURLToPath(new URL('./wasi-main.js', import.meta.url));

/** Debian packages that provide the two compilers and WebAssembly's C library. */
export const REFERENCE_PACKAGES = ['gcc', 'clang', 'lld', 'wasi-libc', 'libclang-rt-dev-wasm32'];

/** The compilers the reference needs that are missing. */
export function missingCompilers(): string[] {
  return ['gcc', 'clang'].filter((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status !== 0);
}

interface ReferenceRun {
  readonly buildMs: number;
  readonly runMs: number;
  readonly spikes: number;
  readonly synapticEvents: number;
}

export interface ReferenceTiming {
  readonly target: 'native' | 'wasm32-wasi';
  readonly compiler: string;
  readonly runs: readonly ReferenceRun[];
  /** Median of build + run, in seconds. */
  readonly medianSeconds: number;
}

function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.slice(-3000)}`,
    );
  return result.stdout;
}

function timing(target: ReferenceTiming['target'], compiler: string, stdout: string): ReferenceTiming {
  const { runs } = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { runs: ReferenceRun[] };
  const medianSeconds = median(runs.map((r) => r.buildMs + r.runMs)) / 1000;
  return { target, compiler, runs, medianSeconds };
}

/** Compiles the reference both ways (-O2) and times each on `neurons` neurons, `repeats` runs after three warm-up runs. */
export function timeEventDrivenReference(neurons: number, repeats: number): ReferenceTiming[] {
  const dir = mkdtempSync(join(tmpdir(), 'scrutable-reference-'));
  try {
    const binary = join(dir, 'event_driven_brette4');
    const wasm = `${binary}.wasm`;
    run('gcc', ['-O2', '-o', binary, source, '-lm']);
    run('clang', ['--target=wasm32-wasi', '-O2', '-o', wasm, source, '-lm']);
    const args = [String(neurons), String(repeats)];
    const version = (command: string) => run(command, ['--version']).split('\n')[0] ?? command;
    return [
      timing('native', `${version('gcc')}, -O2`, run(binary, args)),
      timing(
        'wasm32-wasi',
        `${version('clang')}, -O2, in Node ${process.versions.node}`,
        run(process.execPath, ['--no-warnings', wasiMain, wasm, ...args]),
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
