import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { cellFamilyScore, onSharedFamilies } from './cells.js';

function cell(
  substrate: string,
  task: string,
  level: number,
  metrics: Record<string, number | null>,
): CellResult {
  return {
    id: `${substrate}/${task}/${level}`,
    substrate,
    task,
    level,
    seed: 0,
    status: 'ok',
    metrics,
    index: -1,
  };
}

describe('onSharedFamilies', () => {
  const cells = [
    // decode and steer.preserve apply everywhere; edit on facts alone; observe never enters
    cell('dense', 'boolean', 1, {
      'decode.selectivity': 0.8,
      'steer.preserve': 0.4,
      'edit.score': null,
      'observe.stability': 1,
    }),
    cell('symbolic', 'boolean', 1, { 'decode.selectivity': 0.2, 'steer.preserve': 1, 'edit.score': null }),
    cell('dense', 'facts', 1, { 'decode.selectivity': 0.6, 'steer.preserve': 0, 'edit.score': 0.5 }),
    cell('symbolic', 'facts', 1, { 'decode.selectivity': 0.3, 'steer.preserve': 0.2, 'edit.score': 0.1 }),
  ];

  it('takes every cell over one family set for the whole run, the same on every domain level', () => {
    const { cells: out, families } = onSharedFamilies(cells, {});
    const index = (s: string, t: string) => out.find((c) => c.substrate === s && c.task === t)?.index;
    expect(index('dense', 'boolean')).toBeCloseTo((0.8 + 0.4) / 2, 12);
    expect(index('symbolic', 'boolean')).toBeCloseTo((0.2 + 1) / 2, 12);
    expect(index('dense', 'facts')).toBeCloseTo((0.6 + 0) / 2, 12);
    expect(index('symbolic', 'facts')).toBeCloseTo((0.3 + 0.2) / 2, 12);
    const coverage = { used: ['decode', 'steer'], leftOut: ['edit'] };
    expect(families).toEqual({ 'boolean/L1': coverage, 'facts/L1': coverage });
    // everything else about a cell is kept
    expect(out[0]).toMatchObject({ id: 'dense/boolean/1', metrics: cells[0]!.metrics });
  });

  it('weights the shared families as the index does and leaves out those weighted 0', () => {
    const { cells: out, families } = onSharedFamilies(cells, { decode: 3, steer: 1, edit: 0 });
    expect(out[0]!.index).toBeCloseTo((3 * 0.8 + 0.4) / 4, 12);
    expect(families['boolean/L1']).toEqual({ used: ['decode', 'steer'], leftOut: [] });
  });
});

describe('cellFamilyScore', () => {
  it('takes a family by its own rule: ablate by isolate, else cause; steer by preserve', () => {
    const c = cell('dense', 'boolean', 1, {
      'ablate.cause': 0.8,
      'ablate.isolate': 0.4,
      'steer.success': 1,
      'steer.preserve': 0.5,
    });
    expect(cellFamilyScore(c, 'ablate')).toBe(0.4);
    expect(cellFamilyScore(c, 'steer')).toBe(0.5);
    expect(
      cellFamilyScore(cell('d', 't', 1, { 'ablate.cause': 0.8, 'ablate.isolate': null }), 'ablate'),
    ).toBe(0.8);
  });
});
