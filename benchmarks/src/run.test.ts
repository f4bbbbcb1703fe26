import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchSuite } from './harness.js';
import type { ResultsFile } from './results-file.js';
import { main } from './run.js';

/** A suite whose one record is `value` (or that throws when `value` is an Error). */
function fakeSuite(name: string, value: number | Error): BenchSuite {
  return {
    name,
    description: `fake ${name}`,
    async run({ repeats }) {
      if (value instanceof Error) throw value;
      return [{ benchmark: `${name}.x`, metric: 'm', unit: 'u', samples: Array(repeats).fill(value) }];
    },
  };
}

async function perf(argv: string[], suites: BenchSuite[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    suites,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

const readFile = (dir: string) => JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as ResultsFile;
const figures = (file: ResultsFile) =>
  Object.fromEntries(file.suites.map((s) => [s.suite, s.records[0]!.median]));

describe('bench:perf', () => {
  it('replaces the suites it runs and keeps the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-'));
    expect((await perf(['--out', dir, '--repeats', '2'], [fakeSuite('a', 1), fakeSuite('b', 2)])).code).toBe(
      0,
    );
    expect(figures(readFile(dir))).toEqual({ a: 1, b: 2 });
    expect((await perf(['--out', dir, '--only', 'b'], [fakeSuite('a', 10), fakeSuite('b', 20)])).code).toBe(
      0,
    );
    const file = readFile(dir);
    expect(figures(file)).toEqual({ a: 1, b: 20 });
    expect(file.suites.map((s) => s.repeats)).toEqual([2, 5]);
    const md = readFileSync(join(dir, 'latest.md'), 'utf8');
    expect(md).toContain('| a.x | m (u) | 1 |');
    expect(md).toContain('| b.x | m (u) | 20 |');
  });

  it("keeps what finished when a suite fails, and that suite's previous figures", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-'));
    await perf(['--out', dir], [fakeSuite('a', 1), fakeSuite('b', 2)]);
    const failing = await perf(['--out', dir], [fakeSuite('a', 3), fakeSuite('b', new Error('worker died'))]);
    expect(failing.code).toBe(1);
    expect(failing.err).toContain('suite b failed');
    expect(failing.err).toContain('worker died');
    expect(figures(readFile(dir))).toEqual({ a: 3, b: 2 });
  });

  it('rejects bad arguments before running or writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-'));
    const suites = [fakeSuite('spiking', 1), fakeSuite('dense', 2)];
    for (const [argv, message] of [
      [['--only', 'spiknig'], "unknown suite 'spiknig'; did you mean 'spiking'?"],
      [['--size', 'huge'], '--size must be tiny or full'],
      [['--repeats', '0'], '--repeats must be an integer >= 1'],
      [['--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const run = await perf([...argv, '--out', dir], suites);
      expect(run.code).toBe(2);
      expect(run.err).toContain(message);
      expect(run.err).toContain('usage: npm run bench:perf');
      expect(run.out).toBe('');
    }
    expect(() => readFile(dir)).toThrow();
  });

  it('refuses to replace a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-'));
    const foreign = '{"records": []}\n';
    writeFileSync(join(dir, 'latest.json'), foreign);
    const run = await perf(['--out', dir], [fakeSuite('a', 1)]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('is not a benchmark results file');
    expect(run.out).toBe('');
    expect(readFileSync(join(dir, 'latest.json'), 'utf8')).toBe(foreign);
  });
});
