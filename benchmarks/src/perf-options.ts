import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ScrutableError, unknownName } from '@scrutable/core';
import type { BenchSize } from './harness.js';

export const PERF_USAGE =
  'usage: npm run bench:perf -- [--size tiny|full] [--repeats N] [--only suite,suite] [--out DIR]\n';

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
  let values: { size?: string; repeats?: string; only?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        size: { type: 'string', default: 'full' },
        repeats: { type: 'string', default: '5' },
        only: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    // node:util reports unknown options and missing values as plain TypeErrors.
    throw new ScrutableError('BAD_INPUT', (e as Error).message);
  }
  const size = values.size;
  if (size !== 'tiny' && size !== 'full')
    throw new ScrutableError('BAD_CONFIG', `--size must be tiny or full, got '${size}'`);
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new ScrutableError('BAD_CONFIG', `--repeats must be an integer >= 1, got '${values.repeats}'`);
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
  return { help: values.help ?? false, size, repeats, suites, out: values.out ?? fileURLToPath(results) };
}
