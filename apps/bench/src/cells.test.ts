import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson, cellId, enumerateCells, parseShard, shardCells } from './cells.js';
import { resolveConfig } from './config.js';

const config = resolveConfig(
  {},
  { substrates: ['a', 'b', 'c'], tasks: ['boolean', 'modadd'], levels: [1, 2, 3], seeds: 4 },
  { substrates: ['a', 'b', 'c'], domains: ['boolean', 'modadd'] },
);
const version = { '@scrutable/core': '0.1.0' };
const cells = () =>
  enumerateCells(
    config,
    (s) => `pkg-${s}`,
    () => version,
  );

describe('cells', () => {
  it('enumerates substrate × task × level × seed with distinct ids', () => {
    const all = cells();
    expect(all).toHaveLength(3 * 2 * 3 * 4);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  });

  it('gives a cell the same id whatever the key order, and a new id when its config or code changes', () => {
    const spec = cells()[0]!;
    const { id, ...rest } = spec;
    const reordered = Object.fromEntries(Object.entries(rest).reverse()) as typeof rest;
    expect(cellId(reordered, version)).toBe(id);
    expect(cellId(rest, { ...version })).toBe(id);
    expect(cellId({ ...rest, seed: rest.seed + 1 }, version)).not.toBe(id);
    expect(cellId({ ...rest, budget: { epochs: 7 } }, version)).not.toBe(id);
    expect(cellId(rest, { '@scrutable/core': '0.1.1' })).not.toBe(id);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('splits cells into shards that partition them, the same way every time', () => {
    const all = cells();
    for (const count of [1, 2, 3, 7]) {
      const shards = Array.from({ length: count }, (_, i) => shardCells(all, i + 1, count));
      const ids = shards.flatMap((s) => s.map((c) => c.id));
      expect(ids.sort()).toEqual(all.map((c) => c.id).sort());
      expect(new Set(ids).size).toBe(all.length);
      const again = Array.from({ length: count }, (_, i) => shardCells(cells(), i + 1, count));
      expect(again.map((s) => s.map((c) => c.id))).toEqual(shards.map((s) => s.map((c) => c.id)));
    }
    // a shard does not depend on which other cells are listed
    const half = all.slice(0, 20);
    expect(shardCells(half, 1, 2)).toEqual(shardCells(all, 1, 2).filter((c) => half.includes(c)));
  });

  it('runs each rung of the ladder with its substrate factory, a budget of its own and its config laid over', () => {
    const laddered = resolveConfig(
      {
        budgets: { '*': { epochs: 50 } },
        substrateConfig: { a: { hidden: [64], l2: 0.1 } },
        ladder: { 'a~e2': { of: 'a', epochs: 2 }, 'a~w4': { of: 'a', config: { hidden: [4] } } },
      },
      { substrates: ['a'], tasks: ['boolean'], levels: [1], seeds: 1 },
      { substrates: ['a', 'b'], domains: ['boolean'] },
    );
    const all = enumerateCells(
      laddered,
      (s) => `pkg-${s}`,
      () => version,
    );
    expect(all.map((c) => [c.substrate, c.rungOf, c.packageName])).toEqual([
      ['a', undefined, 'pkg-a'],
      ['a~e2', 'a', 'pkg-a'],
      ['a~w4', 'a', 'pkg-a'],
    ]);
    expect(all[1]!.budget).toEqual({ epochs: 2 });
    expect(all[2]!.budget).toEqual({ epochs: 50 });
    expect(all[1]!.substrateConfig).toEqual({ hidden: [64], l2: 0.1 });
    expect(all[2]!.substrateConfig).toEqual({ hidden: [4], l2: 0.1 });
    expect(all.map((c) => c.showcase)).toEqual([true, false, false]);
  });

  it('parses i/N and rejects anything else with BAD_CONFIG', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/2', '3/2', 'x', '1/0', '1-2'])
      expect(() => parseShard(bad)).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
    try {
      parseShard('9/2');
    } catch (e) {
      expect(isScrutableError(e, 'BAD_CONFIG')).toBe(true);
    }
  });

  it('marks only the first seed at the lowest level for showcase figures', () => {
    const marked = cells().filter((c) => c.showcase);
    expect(marked).toHaveLength(3 * 2);
    expect(marked.every((c) => c.seed === 0 && c.level === 1)).toBe(true);
  });
});
