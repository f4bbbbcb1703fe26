import { describe, expect, it } from 'vitest';
import { applyInterventions, interventionsAt } from './interventions.js';
import { matrix } from './matrix.js';

/** A 3x2 batch: column 0 is [0, 3, 6], column 1 is [1, 2, 4]. */
const batch = () => matrix(3, 2, [0, 1, 3, 2, 6, 4]);

describe('applyInterventions', () => {
  it('mean-ablates to the batch column mean taken before any row is overwritten', () => {
    const m = batch();
    applyInterventions(m, [{ kind: 'ablate', site: 's', units: [0, 1], value: 'mean' }]);
    // By hand: (0 + 3 + 6) / 3 = 3 and (1 + 2 + 4) / 3 = 7/3 on every row.
    expect(Array.from(m.data)).toEqual([3, 7 / 3, 3, 7 / 3, 3, 7 / 3].map(Math.fround));
  });

  it('zero-ablates only the listed units', () => {
    const m = batch();
    const touched = applyInterventions(m, [{ kind: 'ablate', site: 's', units: [1] }]);
    expect(Array.from(m.data)).toEqual([0, 0, 3, 0, 6, 0]);
    expect(Array.from(touched)).toEqual([0, 1]);
  });

  it('clamps to shared values, or to one row of values per example', () => {
    const shared = batch();
    applyInterventions(shared, [{ kind: 'clamp', site: 's', units: [1], values: Float32Array.of(9) }]);
    expect(Array.from(shared.data)).toEqual([0, 9, 3, 9, 6, 9]);
    const perRow = batch();
    applyInterventions(perRow, [
      { kind: 'clamp', site: 's', units: [1, 0], values: Float32Array.of(10, 11, 20, 21, 30, 31) },
    ]);
    expect(Array.from(perRow.data)).toEqual([11, 10, 21, 20, 31, 30]);
  });

  it('adds scale times the vector and marks only the units it changed', () => {
    const m = batch();
    const touched = applyInterventions(m, [
      { kind: 'add', site: 's', vector: Float32Array.of(0, 1), scale: -2 },
    ]);
    expect(Array.from(m.data)).toEqual([0, -1, 3, 0, 6, 2]);
    expect(Array.from(touched)).toEqual([0, 1]);
  });

  it('applies a list in order: a mean after a clamp sees the clamped column', () => {
    const m = batch();
    applyInterventions(m, [
      { kind: 'clamp', site: 's', units: [0], values: Float32Array.of(1, 2, 6) },
      { kind: 'ablate', site: 's', units: [0], value: 'mean' },
    ]);
    expect([m.data[0], m.data[2], m.data[4]]).toEqual([3, 3, 3]);
  });

  it('selects the interventions aimed at one site, keeping their order', () => {
    const a = { kind: 'ablate', site: 'a', units: [0] } as const;
    const b = { kind: 'ablate', site: 'b', units: [0] } as const;
    const a2 = { kind: 'ablate', site: 'a', units: [1] } as const;
    expect(interventionsAt('a', [a, b, a2])).toEqual([a, a2]);
  });
});
