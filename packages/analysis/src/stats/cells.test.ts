import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { onSharedFamilies } from './cells.js';

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
    // boolean/L1: decode and steer everywhere; edit on dense alone
    cell('dense', 'boolean', 1, { 'decode.selectivity': 0.8, 'steer.success': 0.4, 'edit.score': 0 }),
    cell('symbolic', 'boolean', 1, { 'decode.selectivity': 0.2, 'steer.success': 1, 'edit.score': null }),
    // facts/L1: decode alone is shared; ablate's two metrics make one family score on dense
    cell('dense', 'facts', 1, { 'decode.selectivity': 0.6, 'ablate.cause': 0.2, 'ablate.isolate': 0.6 }),
    cell('symbolic', 'facts', 1, { 'decode.selectivity': 0.3 }),
    // gridworld/L1: nothing in common
    cell('dense', 'gridworld', 1, { 'steer.success': 1 }),
    cell('symbolic', 'gridworld', 1, { 'decode.selectivity': 1 }),
  ];

  it('takes each cell over the families every cell of its domain level scored', () => {
    const { cells: out, families } = onSharedFamilies(cells, {});
    const index = (s: string, t: string) => out.find((c) => c.substrate === s && c.task === t)?.index;
    expect(index('dense', 'boolean')).toBeCloseTo((0.8 + 0.4) / 2, 12);
    expect(index('symbolic', 'boolean')).toBeCloseTo((0.2 + 1) / 2, 12);
    expect(index('dense', 'facts')).toBeCloseTo(0.6, 12);
    expect(index('symbolic', 'facts')).toBeCloseTo(0.3, 12);
    expect(out.some((c) => c.task === 'gridworld')).toBe(false);
    expect(families).toEqual({
      'boolean/L1': { used: ['decode', 'steer'], leftOut: ['edit'] },
      'facts/L1': { used: ['decode'], leftOut: ['ablate'] },
      'gridworld/L1': { used: [], leftOut: ['decode', 'steer'] },
    });
    // everything else about a cell is kept
    expect(out[0]).toMatchObject({ id: 'dense/boolean/1', metrics: cells[0]!.metrics });
  });

  it('weights the shared families as the index does and leaves out those weighted 0', () => {
    const { cells: out, families } = onSharedFamilies(cells, { decode: 3, steer: 1, edit: 0 });
    expect(out[0]!.index).toBeCloseTo((3 * 0.8 + 0.4) / 4, 12);
    expect(families['boolean/L1']).toEqual({ used: ['decode', 'steer'], leftOut: [] });
  });
});
