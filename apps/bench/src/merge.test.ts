import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportResults } from '@scrutable/report';
import { describe, expect, it } from 'vitest';
import { mergeDirs, mergeResults } from './merge.js';

/** A shard's results holding `cells`: [substrate, task, level, seed, id] each. */
function shard(cells: [string, string, number, number, string][]): ReportResults {
  return {
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
    })),
    summary: { substrates: [], claims: [] },
  };
}

describe('mergeResults', () => {
  it('refuses inputs that hold the same cell under different ids (results of different code)', () => {
    const a = shard([['dense', 'boolean', 1, 0, 'aaaa']]);
    const b = shard([['dense', 'boolean', 1, 0, 'bbbb']]);
    expect(() => mergeResults([a, b], undefined, ['shards/1', 'shards/2'])).toThrow(
      expect.objectContaining({
        code: 'BAD_CONFIG',
        message: expect.stringMatching(/'dense boolean L1 s0' is aaaa in shards\/1 but bbbb in shards\/2/),
      }),
    );
  });

  it('refuses inputs computed by different builds even when they share no cell', () => {
    const built = (hash: string, cell: [string, string, number, number, string]) => {
      const r = shard([cell]);
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
    const b = shard([['dense', 'boolean', 1, 1, 'cccc']]);
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
      mergeDirs(folders, out, undefined, () => {
        prepared = true;
      }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG' });
    expect(prepared).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});
