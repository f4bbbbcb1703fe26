import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitOptions,
  type FitReport,
  type Matrix,
  matrix,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import type { AnalysisApi, BenchTask, TaskSource } from './deps.js';
import { mergeDirs } from './merge.js';
import { main } from './program.js';
import type { Registry } from './registry.js';
import type { BenchCellResult } from './run-cell.js';
import { runBench } from './runner.js';

/** Two input bits; the class head says whether they differ (XOR), the latent is their AND. */
function xorTask(domain: string, level: number, seed: number): BenchTask {
  const rows = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const split = () => ({
    inputs: matrix(4, 2, rows.flat()),
    targets: matrix(
      4,
      2,
      rows.flatMap(([a, b]) => (a !== b ? [0, 1] : [1, 0])),
    ),
    latents: [{ name: 'and', kind: 'binary' as const, values: Float32Array.from(rows, ([a, b]) => a! * b!) }],
  });
  return {
    name: `${domain}/L${level}/s${seed}`,
    domain,
    level,
    seed,
    inputNames: ['a', 'b'],
    heads: [{ name: 'xor', kind: 'class', size: 2 }],
    train: split(),
    test: split(),
    chance: 0.5,
  };
}

const tasks: TaskSource = {
  domains: ['xor', 'parity'],
  generate: xorTask,
  toCsv: (task, split) =>
    `${task.name},${split},${split === 'all' ? task.train.inputs.rows + task.test.inputs.rows : task[split].inputs.rows}\n`,
};

/** Takes 10 s, unless aborted: then it stops at once with an AbortError, as substrates do. */
function slowFit(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 10_000);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('fit aborted', 'AbortError'));
    });
  });
}

/** Memorises the training table; a readable baseline small enough for tests. */
class TableSubstrate extends BaseSubstrate {
  readonly capabilities: ReadonlySet<Capability> = new Set();
  private table = new Map<string, Float32Array>();
  private width = 0;
  constructor(readonly info: SubstrateInfo) {
    super();
  }
  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    if (this.info.id === 'broken') throw new Error('fit exploded on purpose');
    if (this.info.id === 'slow') await slowFit(options.signal);
    const { inputs, targets } = dataset.train;
    this.width = targets.cols;
    for (let i = 0; i < inputs.rows; i++)
      this.table.set(
        inputs.data.subarray(i * inputs.cols, (i + 1) * inputs.cols).join(','),
        targets.data.slice(i * targets.cols, (i + 1) * targets.cols),
      );
    return { epochs: 1, wallMs: 0 };
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    const out = matrix(inputs.rows, this.width);
    for (let i = 0; i < inputs.rows; i++) {
      const hit = this.table.get(inputs.data.subarray(i * inputs.cols, (i + 1) * inputs.cols).join(','));
      if (hit) out.data.set(hit, i * this.width);
    }
    return out;
  }
  protected _units(): UnitGroup[] {
    return [{ site: 'table', size: this.table.size, state: 'entry' }];
  }
}

function factory(id: string): SubstrateFactory {
  const info = { id, family: 'symbolic', synchronous: true, description: `table ${id}` };
  return {
    ...info,
    learning: 'a lookup table (test substrate)',
    create: () => new TableSubstrate(info),
    load: async () => new TableSubstrate(info),
  };
}

const registry: Registry = {
  entries: ['table', 'broken', 'lookup', 'slow'].map((id) => ({
    factory: factory(id),
    packageName: `test-${id}`,
    entry: '.',
    version: '1.0.0',
  })),
  problems: [],
};

function quiet() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    context: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      registry,
      tasks,
      analysis: null,
      tty: false,
    },
  };
}

describe('runBench (in-process)', () => {
  it('records a substrate that throws in fit as a failed cell, keeps running, and writes every output', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const config = resolveConfig(
      {},
      { substrates: ['broken', 'table'], tasks: ['xor', 'parity'], levels: [1], seeds: 2 },
      { substrates: ['table', 'broken', 'lookup'], domains: tasks.domains },
    );
    const outcome = await runBench({
      config,
      entries: registry.entries,
      tasks,
      analysis: undefined,
      outDir,
      workers: 0,
    });
    expect(outcome.computed).toBe(8);
    expect(outcome.failed).toBe(4);
    const cells = outcome.results!.cells as BenchCellResult[];
    for (const c of cells.filter((x) => x.substrate === 'broken')) {
      expect(c.status).toBe('failed');
      expect(c.error).toContain('fit exploded on purpose');
    }
    for (const c of cells.filter((x) => x.substrate === 'table')) {
      expect(c.status).toBe('ok');
      // the table memorises the four rows it is tested on: perfect accuracy, chance from the task
      expect(c.capability).toEqual({ metric: 'accuracy', train: 1, test: 1, chance: 0.5 });
    }
    expect(readdirSync(join(outDir, 'runs')).sort()).toEqual(cells.map((c) => `${c.id}.json`).sort());
    for (const f of ['results.json', 'results.csv', 'report.md', 'index.html'])
      expect(existsSync(join(outDir, f))).toBe(true);
    const written = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    expect(written.config.substrates).toEqual(['broken', 'table']);
    expect(written.environment.packages['test-table']).toBe('1.0.0');
  });

  it('with resume, reuses finished run files untouched and computes only the missing cells', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const config = resolveConfig(
      {},
      { substrates: ['table'], tasks: ['xor'], levels: [1, 2], seeds: 4 },
      { substrates: ['table'], domains: tasks.domains },
    );
    const base = { config, entries: registry.entries, tasks, analysis: undefined, outDir, workers: 0 };
    // a first run that stopped part way: only one shard's cells were finished
    const first = await runBench({ ...base, shard: { index: 1, count: 2 } });
    expect(first.computed).toBeGreaterThan(0);
    expect(first.computed).toBeLessThan(8);
    const done = readdirSync(join(outDir, 'runs'));
    const mtimes = done.map((f) => statSync(join(outDir, 'runs', f)).mtimeMs);
    const second = await runBench({ ...base, resume: true });
    expect(second.reused).toBe(first.computed);
    expect(second.computed).toBe(8 - first.computed);
    expect(done.map((f) => statSync(join(outDir, 'runs', f)).mtimeMs)).toEqual(mtimes);
  });

  it('with resume, retries failed cells instead of reusing their run files', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const config = resolveConfig(
      {},
      { substrates: ['broken', 'table'], tasks: ['xor'], levels: [1], seeds: 1 },
      { substrates: ['table', 'broken'], domains: tasks.domains },
    );
    const base = { config, entries: registry.entries, tasks, analysis: undefined, outDir, workers: 0 };
    expect((await runBench(base)).failed).toBe(1);
    const again = await runBench({ ...base, resume: true });
    expect([again.reused, again.computed, again.failed]).toEqual([1, 1, 1]);
  });

  it('in-process, abandons the running cell when aborted: its fit stops and no run file is written', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const config = resolveConfig(
      {},
      { substrates: ['slow'], tasks: ['xor'], levels: [1], seeds: 1 },
      { substrates: ['slow'], domains: tasks.domains },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await runBench({
      config,
      entries: registry.entries,
      tasks,
      analysis: undefined,
      outDir,
      workers: 0,
      signal: controller.signal,
    });
    expect([outcome.interrupted, outcome.computed]).toEqual([true, 0]);
    expect(existsSync(join(outDir, 'runs')) ? readdirSync(join(outDir, 'runs')) : []).toEqual([]);
  });

  it('in-process, stops a running analysis between families when aborted', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const config = resolveConfig(
      {},
      { substrates: ['table'], tasks: ['xor'], levels: [1], seeds: 1 },
      { substrates: ['table'], domains: tasks.domains },
    );
    // eight "families" of 1 s each, reporting progress after each
    let finished = 0;
    const analysis: AnalysisApi = {
      analyzeCell: async (_substrate, _task, options) => {
        for (let family = 0; family < 8; family++) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          finished++;
          options.onProgress?.();
        }
        return { metrics: {}, index: null };
      },
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await runBench({
      config,
      entries: registry.entries,
      tasks,
      analysis,
      outDir,
      workers: 0,
      signal: controller.signal,
    });
    expect(finished).toBeLessThan(8);
    expect([outcome.interrupted, outcome.computed]).toEqual([true, 0]);
    expect(existsSync(join(outDir, 'runs')) ? readdirSync(join(outDir, 'runs')) : []).toEqual([]);
  });

  it('merges shards into a folder with runs/, which bench --resume then reuses whole', async () => {
    const config = resolveConfig(
      {},
      { substrates: ['table'], tasks: ['xor', 'parity'], levels: [1, 2], seeds: 2 },
      { substrates: ['table'], domains: tasks.domains },
    );
    const base = { config, entries: registry.entries, tasks, analysis: undefined, workers: 0 };
    const shards = [mkdtempSync(join(tmpdir(), 'shard-')), mkdtempSync(join(tmpdir(), 'shard-'))];
    for (const [i, outDir] of shards.entries())
      await runBench({ ...base, outDir, shard: { index: i + 1, count: 2 } });
    const merged = mkdtempSync(join(tmpdir(), 'merged-'));
    const { results } = await mergeDirs(shards, merged, undefined);
    expect(results.cells).toHaveLength(8);
    for (const cell of results.cells)
      expect(JSON.parse(readFileSync(join(merged, 'runs', `${cell.id}.json`), 'utf8'))).toEqual({
        ...cell,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    const resumed = await runBench({ ...base, outDir: merged, resume: true });
    expect([resumed.computed, resumed.reused]).toEqual([0, 8]);
  });

  it('serves cells from the cache instead of recomputing them', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    const config = resolveConfig(
      {},
      { substrates: ['table'], tasks: ['xor'], levels: [1], seeds: 1 },
      {
        substrates: ['table'],
        domains: tasks.domains,
      },
    );
    const base = { config, entries: registry.entries, tasks, analysis: undefined, workers: 0, cacheDir };
    expect((await runBench({ ...base, outDir: mkdtempSync(join(tmpdir(), 'bench-')) })).computed).toBe(1);
    const again = await runBench({ ...base, outDir: mkdtempSync(join(tmpdir(), 'bench-')) });
    expect([again.computed, again.reused]).toEqual([0, 1]);
  });
});

describe('main (command line)', () => {
  it('exits 2 on an unknown substrate, naming the valid ones and the closest', async () => {
    const q = quiet();
    expect(await main(['bench', '--substrates', 'tabel', '--workers', '0', '--no-cache'], q.context)).toBe(2);
    const text = q.err.join('');
    expect(text).toContain("did you mean 'table'?");
    expect(text).toContain('valid: table, broken, lookup');
  });

  it('exits 2 on an unknown task, an unknown flag, a bad level and a bad shard', async () => {
    for (const argv of [
      ['bench', '--tasks', 'xr'],
      ['bench', '--frobnicate'],
      ['bench', '--levels', 'seven'],
      ['bench', '--levels', '9'],
      ['bench', '--shard', '3/2'],
      ['benhc'],
    ]) {
      const q = quiet();
      expect(await main([...argv, '--no-cache', '--workers', '0'], q.context), argv.join(' ')).toBe(2);
      expect(q.err.join('').length).toBeGreaterThan(0);
    }
    const q = quiet();
    await main(['bench', '--tasks', 'xr', '--no-cache'], q.context);
    expect(q.err.join('')).toContain("did you mean 'xor'?");
  });

  it('exits 1 when a cell failed and 0 when all ran', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const args = [
      '--tasks',
      'xor',
      '--levels',
      '1',
      '--seeds',
      '1',
      '--workers',
      '0',
      '--no-cache',
      '--out',
      outDir,
    ];
    expect(await main(['bench', '--substrates', 'broken,table', ...args], quiet().context)).toBe(1);
    expect(await main(['bench', '--substrates', 'table', ...args], quiet().context)).toBe(0);
  });

  it('exports a task split as CSV and refuses an unknown domain or split', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'export-')), 'xor.csv');
    const args = ['--level', '2', '--seed', '3', '--out', file];
    expect(await main(['tasks', 'export', 'xor', ...args, '--split', 'test'], quiet().context)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('xor/L2/s3,test,4\n');
    expect(await main(['tasks', 'export', 'xr', ...args], quiet().context)).toBe(2);
    expect(await main(['tasks', 'export', 'xor', ...args, '--split', 'dev'], quiet().context)).toBe(2);
    expect(await main(['tasks', 'export', 'xor', '--seed', '1', '--out', file], quiet().context)).toBe(2);
    const toStdout = quiet();
    const dashArgs = ['--level', '2', '--seed', '3', '--out', '-', '--split', 'test'];
    expect(await main(['tasks', 'export', 'xor', ...dashArgs], toStdout.context)).toBe(0);
    expect(toStdout.out.join('')).toBe('xor/L2/s3,test,4\n');
  });

  it('prints help for every command with exit 0', async () => {
    for (const argv of [
      ['--help'],
      ['bench', '--help'],
      ['merge', '--help'],
      ['tasks', 'export', '--help'],
    ]) {
      const q = quiet();
      expect(await main(argv, q.context)).toBe(0);
      expect(q.out.join('')).toContain('Usage: scrutable');
    }
  });
});
