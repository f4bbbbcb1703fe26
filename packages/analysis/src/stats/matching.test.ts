import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { levelCapabilities } from './capability.js';
import { MATCH_TOLERANCE, pairMatched } from './matching.js';

function cell(substrate: string, test: number, seed = 0, linear = 0.6): CellResult {
  return {
    id: `${substrate}/${seed}`,
    substrate,
    task: 'boolean',
    level: 1,
    seed,
    status: 'ok',
    capability: { metric: 'accuracy', train: 1, test, chance: 0.5, linear },
  };
}

function pair(cells: CellResult[], references = ['dense', 'dense~e4', 'dense~e2']) {
  return pairMatched(cells, references, 'spiking', levelCapabilities(cells));
}

describe('pairMatched', () => {
  it('uses the full dense net when it is within the tolerance', () => {
    const p = pair([cell('dense', 0.96), cell('dense~e4', 0.94), cell('spiking', 0.94)]);
    // the full net is 0.02 away, the rung 0.00: the closest wins
    expect(p.pairs.map((x) => x.reference.substrate)).toEqual(['dense~e4']);
    const q = pair([cell('dense', 0.96), cell('spiking', 0.94)]);
    expect(q.pairs.map((x) => x.reference.substrate)).toEqual(['dense']);
  });

  it('never compares with a reference stronger (or weaker) than the tolerance allows', () => {
    const p = pair([cell('dense', 0.99), cell('dense~e2', 0.85), cell('spiking', 0.92)]);
    expect(MATCH_TOLERANCE).toBe(0.03);
    expect(p.pairs).toEqual([]);
    expect(p.unmatched).toBe(1);
    expect(p.capableComparators).toBe(1);
  });

  it('takes only comparators capable on a non-trivial level', () => {
    const weak = pair([cell('dense', 0.85), cell('spiking', 0.85)]);
    expect(weak.pairs).toEqual([]);
    expect(weak.capableComparators).toBe(0);
    const trivial = pair([cell('dense', 1, 0, 0.95), cell('spiking', 1, 0, 0.95)]);
    expect(trivial.pairs).toEqual([]);
    expect(trivial.trivial).toBe(1);
  });

  it('breaks a tie in accuracy by the order of the references', () => {
    const p = pair([cell('dense~e4', 0.93), cell('dense', 0.93), cell('spiking', 0.93)]);
    expect(p.pairs[0]!.reference.substrate).toBe('dense');
  });
});
