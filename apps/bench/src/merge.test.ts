import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeDirs, mergeResults } from './merge.js';
import type { BenchResults } from './outputs.js';

/**
 * The results of a run holding `cells` ([substrate, task, level, seed, id] each), of a suite of
 * `suiteCells` cells (default: these cells), as shard `shard` when given.
 */
function shard(
  cells: [string, string, number, number, string][],
  suiteCells = cells.length,
  part?: { index: number; count: number },
): BenchResults {
  return {
    run: { suiteCells, ...(part ? { shard: part } : {}) },
    schemaVersion: 1,
    suite: 'quick',
    createdAt: '2025-01-01T00:00:00.000Z',
    environment: { node: 'v20', platform: 'linux-x64', cpus: 2, packages: {} },
    config: { suite: 'quick' },
    cells: cells.map(([substrate, task, level, seed, id]) => ({
      id,
      substrate,
      task,
      level,
      seed,
      status: 'ok',
      capability: { metric: 'accuracy', train: 1, test: 1 },
    })),
    summary: { substrates: [], claims: [] },
  };
}

describe('mergeResults', () => {
  it('refuses inputs that hold the same cell under different ids (results of different code)', () => {
    const a = shard([['dense', 'boolean', 1, 0, 'aaaa']], 1, { index: 1, count: 2 });
    const b = shard([['dense', 'boolean', 1, 0, 'bbbb']], 1, { index: 2, count: 2 });
    expect(() => mergeResults([a, b], undefined, ['shards/1', 'shards/2'])).toThrow(
      expect.objectContaining({
        code: 'BAD_CONFIG',
        message: expect.stringMatching(/'dense boolean L1 s0' is aaaa in shards\/1 but bbbb in shards\/2/),
      }),
    );
  });

  it('refuses inputs of different configs, naming the fields that differ and both inputs', () => {
    const a = shard([['dense', 'boolean', 1, 0, 'aaaa']], 2, { index: 1, count: 2 });
    const other = shard([['dense', 'boolean', 1, 1, 'cccc']], 2, { index: 2, count: 2 });
    const b = { ...other, config: { ...other.config, tasks: ['facts'] } };
    expect(() => mergeResults([a, b], undefined, ['shards/1', 'shards/2'])).toThrow(
      expect.objectContaining({
        code: 'BAD_CONFIG',
        message: "cannot merge results of different configs: 'tasks' differ between shards/1 and shards/2",
      }),
    );
  });

  it('refuses inputs computed by different builds even when they share no cell', () => {
    const built = (hash: string, cell: [string, string, number, number, string]) => {
      const r = shard([cell], 2, { index: cell[3] + 1, count: 2 });
      return {
        ...r,
        environment: { ...r.environment, packages: { '@scrutable/analysis': `0.1.0+${hash}` } },
      };
    };
    const a = built('aaaaaaaaaaaa', ['dense', 'boolean', 1, 0, 'aaaa']);
    const b = built('bbbbbbbbbbbb', ['dense', 'boolean', 1, 1, 'cccc']);
    expect(() => mergeResults([a, b], undefined, ['shards/1', 'shards/2'])).toThrow(
      expect.objectContaining({
        code: 'BAD_CONFIG',
        message:
          'cannot merge: @scrutable/analysis is 0.1.0+aaaaaaaaaaaa in shards/1 but 0.1.0+bbbbbbbbbbbb in shards/2 (different builds)',
      }),
    );
    // the same build merges, its versions kept
    const same = mergeResults([a, built('aaaaaaaaaaaa', ['dense', 'boolean', 1, 1, 'cccc'])], undefined);
    expect(same.results.environment.packages).toEqual({ '@scrutable/analysis': '0.1.0+aaaaaaaaaaaa' });
  });

  it('keeps a cell id found in several inputs once, and counts the duplicates', () => {
    const a = shard([
      ['dense', 'boolean', 1, 0, 'aaaa'],
      ['dense', 'boolean', 1, 1, 'cccc'],
    ]);
    const b = shard([['dense', 'boolean', 1, 1, 'cccc']], 2, { index: 1, count: 1 });
    const { results, duplicates } = mergeResults([a, b], undefined);
    expect(results.cells.map((c) => c.id)).toEqual(['aaaa', 'cccc']);
    expect(duplicates).toBe(1);
    // the same folder twice
    expect(mergeResults([a, a], undefined).duplicates).toBe(2);
  });

  it('writes nothing, not even the output folder, when it refuses to merge', async () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-'));
    const folders = [
      shard([['dense', 'boolean', 1, 0, 'aaaa']]),
      shard([['dense', 'boolean', 1, 0, 'bbbb']]),
    ].map((results, i) => {
      const dir = join(root, `shard${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
      return dir;
    });
    const out = join(root, 'merged');
    let prepared = false;
    await expect(
      mergeDirs(folders, out, undefined, {
        prepareOut: () => {
          prepared = true;
          return () => {};
        },
      }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG' });
    expect(prepared).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  describe('refuses shards that do not cover the suite exactly once, unless asked for a partial merge', () => {
    const cellsOf = (seeds: number[]) =>
      seeds.map((seed): [string, string, number, number, string] => [
        'dense',
        'boolean',
        1,
        seed,
        `id${seed}`,
      ]);
    const half1 = shard(cellsOf([0, 1]), 4, { index: 1, count: 2 });
    const half2 = shard(cellsOf([2, 3]), 4, { index: 2, count: 2 });
    const third2 = shard(cellsOf([2]), 4, { index: 2, count: 3 });
    const refused: [string, BenchResults[], RegExp][] = [
      ['shards of different counts (1/2 + 2/3)', [half1, third2], /different counts \(\/2, \/3\)/],
      ['one shard alone', [half1], /shard 2\/2 missing/],
      ['a shard twice', [half1, half1, half2], /shard 1\/2 is in both b1 and b2/],
    ];
    for (const [name, parts, message] of refused)
      it(name, () => {
        const sources = parts.map((_, i) => `b${i + 1}`);
        expect(() => mergeResults(parts, undefined, sources)).toThrow(
          expect.objectContaining({ code: 'BAD_CONFIG', message: expect.stringMatching(message) }),
        );
      });

    it('merges all shards, or a shard with a full run, as complete', () => {
      expect(mergeResults([half2, half1], undefined).results.run).toEqual({
        suiteCells: 4,
        shards: [
          { index: 1, count: 2 },
          { index: 2, count: 2 },
        ],
      });
      const full = shard(cellsOf([0, 1, 2, 3]));
      expect(mergeResults([half1, full], undefined).results.run?.partial).toBeUndefined();
    });

    it('with partial, merges them and records the merge as partial', () => {
      const { results } = mergeResults([half1], undefined, ['b1'], { partial: true });
      expect(results.run).toEqual({ suiteCells: 4, shards: [{ index: 1, count: 2 }], partial: true });
      expect(results.cells).toHaveLength(2);
    });

    it('refuses results without a run record (cannot check coverage)', () => {
      const { run: _, ...old } = half1;
      expect(() => mergeResults([old], undefined, ['old'])).toThrow(/old records no shard/);
    });
  });

  it('keeps a backend one shard reported over another shard that ran none of that substrate’s cells', () => {
    const withBackend = (r: BenchResults, backend: string) => ({
      ...r,
      environment: { ...r.environment, backends: { dense: backend } },
    });
    const a = withBackend(
      shard([['dense', 'boolean', 1, 0, 'aaaa']], 2, { index: 1, count: 2 }),
      'tfjs-wasm',
    );
    const b = withBackend(
      shard([['symbolic', 'boolean', 1, 0, 'bbbb']], 2, { index: 2, count: 2 }),
      'not reported',
    );
    expect(mergeResults([a, b], undefined).results.environment.backends).toEqual({ dense: 'tfjs-wasm' });
    expect(mergeResults([b, a], undefined).results.environment.backends).toEqual({ dense: 'tfjs-wasm' });
  });
});
