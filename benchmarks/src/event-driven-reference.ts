// The spiking simulator's algorithm written in C for benchmark 4 (peers/event_driven_brette4.c),
// compiled ahead of time natively (gcc) and to WebAssembly (clang, wasm32-wasi), and timed: how far
// the end-to-end figure is from what the same design costs without a JIT.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, runCommand } from './run-command.js';
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

function timing(target: ReferenceTiming['target'], compiler: string, stdout: string): ReferenceTiming {
  const { runs } = lastJsonLine<{ runs: ReferenceRun[] }>(stdout);
  const medianSeconds = median(runs.map((r) => r.buildMs + r.runMs)) / 1000;
  return { target, compiler, runs, medianSeconds };
}

/** Compiles the reference both ways (-O2) and times each on `neurons` neurons, `repeats` runs after three warm-up runs. */
export function timeEventDrivenReference(neurons: number, repeats: number): ReferenceTiming[] {
  const dir = mkdtempSync(join(tmpdir(), 'scrutable-reference-'));
  try {
    const binary = join(dir, 'event_driven_brette4');
    const wasm = `${binary}.wasm`;
    runCommand('gcc', ['-O2', '-o', binary, source, '-lm']);
    runCommand('clang', ['--target=wasm32-wasi', '-O2', '-o', wasm, source, '-lm']);
    const args = [String(neurons), String(repeats)];
    const version = (command: string) => runCommand(command, ['--version']).split('\n')[0] ?? command;
    return [
      timing('native', `${version('gcc')}, -O2`, runCommand(binary, args)),
      timing(
        'wasm32-wasi',
        `${version('clang')}, -O2, in Node ${process.versions.node}`,
        runCommand(process.execPath, ['--no-warnings', wasiMain, wasm, ...args]),
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
