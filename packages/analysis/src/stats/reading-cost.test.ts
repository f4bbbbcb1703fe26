import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { readingCost } from './reading-cost.js';

const roles = {
  dense: { family: 'dense', synchronous: true },
  'spiking-converted': { family: 'spiking', synchronous: false },
};

/** One cell of `substrate` on task t, with its reading budget for decode. */
function cell(
  substrate: string,
  t: number,
  budget: { simulatedMs?: number; synapticEvents?: number },
): CellResult {
  return {
    id: `${substrate}/${t}`,
    substrate,
    task: `task${t}`,
    level: 1,
    seed: 0,
    status: 'ok',
    // the reading-cost axis: per family, the budget per example that reaches 90% of the asymptote
    readingCost: [{ family: 'decode', budget }],
  } as CellResult;
}

describe('readingCost', () => {
  it('gives the median over tasks of the budget and of its ratio to one dense pass, with a CI over tasks', () => {
    const cells: CellResult[] = [];
    for (let t = 0; t < 8; t++) {
      cells.push(cell('dense', t, { synapticEvents: 1000 }));
      cells.push(
        cell('spiking-converted', t, { simulatedMs: 100 + 10 * t, synapticEvents: 20_000 + 1000 * t }),
      );
    }
    const [row] = readingCost(cells, roles, { seed: 1, resamples: 500 });
    expect(row!.family).toBe('decode');
    expect(row!.tasks).toHaveLength(8);
    // medians of 100..170 step 10 and of 20..27 thousand events, worked by hand
    expect(row!.simulatedMs).toBeCloseTo(135, 10);
    expect(row!.synapticEvents).toBeCloseTo(23_500, 10);
    expect(row!.ratioToOnePass).toBeCloseTo(23.5, 10);
    expect(row!.ratioToOnePassCi[0]!).toBeGreaterThanOrEqual(20);
    expect(row!.ratioToOnePassCi[1]!).toBeLessThanOrEqual(27);
  });

  it('has no ratio without a dense pass, and no row without a converted twin', () => {
    const cells = Array.from({ length: 6 }, (_, t) => cell('spiking-converted', t, { simulatedMs: 50 }));
    const [row] = readingCost(cells, roles, { seed: 1, resamples: 200 });
    expect(row!.simulatedMs).toBe(50);
    expect(row!.ratioToOnePass).toBeNull();
    expect(readingCost(cells, { dense: roles.dense }, { seed: 1 })).toEqual([]);
  });

  it('has no ratio where the converted cells counted no synaptic events, rather than a ratio of 0', () => {
    const cells: CellResult[] = [];
    for (let t = 0; t < 6; t++) {
      cells.push(cell('dense', t, { synapticEvents: 1000 }));
      cells.push(cell('spiking-converted', t, { simulatedMs: 100, synapticEvents: 0 }));
    }
    const [row] = readingCost(cells, roles, { seed: 1, resamples: 200 });
    expect(row!.ratioToOnePass).toBeNull();
  });
});
