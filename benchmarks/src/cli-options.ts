import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ScrutableError, unknownName } from '@scrutable/core';
import type { BenchSize } from './harness.js';

export const PERF_USAGE =
  'usage: npm run bench:perf -- [--size tiny|full] [--repeats N] [--only suite,suite] [--out DIR]\n';
export const PEERS_USAGE = 'usage: npm run bench:peers -- [--install] [--repeats N] [--only mlp|spiking]\n';

/** The workload groups `bench:peers` compares: the dense MLP against PyTorch, the spiking network against Brian2. */
export const PEER_WORKLOADS = ['mlp', 'spiking'] as const;
export type PeerWorkload = (typeof PEER_WORKLOADS)[number];

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** node:util's parseArgs, its errors (unknown option, missing value: plain TypeErrors) as BAD_INPUT. */
function parseFlags<T>(argv: readonly string[], options: OptionSpec): T {
  try {
    return parseArgs({ args: [...argv], options }).values as T;
  } catch (e) {
    throw new ScrutableError('BAD_INPUT', (e as Error).message);
  }
}

function parseRepeats(text: string | undefined): number {
  const repeats = Number(text);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new ScrutableError('BAD_CONFIG', `--repeats must be an integer >= 1, got '${text}'`);
  return repeats;
}

/** What `bench:perf` was asked to run, checked. */
export interface PerfOptions {
  readonly help: boolean;
  readonly size: BenchSize;
  readonly repeats: number;
  /** Suites to run, in the order they were found; all when `--only` is absent. */
  readonly suites: readonly string[];
  /** Folder of latest.json / latest.md. */
  readonly out: string;
}

/**
 * Parses `bench:perf`'s arguments against the suites that exist; throws ScrutableError (BAD_INPUT,
 * BAD_CONFIG, UNKNOWN_NAME) on anything else. Full-size figures go to `results/`, the record kept in
 * the repository; tiny ones (a smoke run) to `results/tiny/`, so they never replace it by accident.
 */
export function parsePerfOptions(argv: readonly string[], suiteNames: readonly string[]): PerfOptions {
  const values = parseFlags<{ size: string; repeats: string; only?: string; out?: string; help: boolean }>(
    argv,
    {
      size: { type: 'string', default: 'full' },
      repeats: { type: 'string', default: '5' },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  );
  const size = values.size;
  if (size !== 'tiny' && size !== 'full')
    throw new ScrutableError('BAD_CONFIG', `--size must be tiny or full, got '${size}'`);
  const repeats = parseRepeats(values.repeats);
  let suites = suiteNames;
  if (values.only !== undefined) {
    const asked = values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (asked.length === 0) throw new ScrutableError('BAD_CONFIG', '--only needs at least one suite name');
    for (const name of asked) if (!suiteNames.includes(name)) unknownName('suite', name, suiteNames);
    suites = suiteNames.filter((name) => asked.includes(name));
  }
  const results = new URL(size === 'full' ? '../results/' : '../results/tiny/', import.meta.url);
  return { help: values.help, size, repeats, suites, out: values.out ?? fileURLToPath(results) };
}

/** `bench:peers`'s arguments, checked; throws ScrutableError like `parsePerfOptions`. */
export function parsePeerOptions(argv: readonly string[]): {
  install: boolean;
  repeats: number;
  workloads: PeerWorkload[];
} {
  const values = parseFlags<{ install: boolean; repeats: string; only?: string }>(argv, {
    install: { type: 'boolean', default: false },
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
  });
  const only = values.only;
  if (only !== undefined && !(PEER_WORKLOADS as readonly string[]).includes(only))
    unknownName('workload', only, PEER_WORKLOADS);
  const workloads = only === undefined ? [...PEER_WORKLOADS] : [only as PeerWorkload];
  return { install: values.install, repeats: parseRepeats(values.repeats), workloads };
}
