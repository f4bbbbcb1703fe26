import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { firstCrossing } from './crossing.js';

/** Brute force: the first grid point where f >= 0, on a 1 µs grid. */
function scan(d: number, a: number[], taus: number[], horizon: number): number {
  for (let s = 0; s <= horizon; s += 1e-3) {
    let f = d;
    for (let i = 0; i < a.length; i++) f += a[i]! * Math.exp(-s / taus[i]!);
    if (f >= 0) return s;
  }
  return Number.POSITIVE_INFINITY;
}

describe('firstCrossing', () => {
  it('matches the closed form of a single exponential', () => {
    // V relaxes from −60 toward −49 (τ = 20 ms) and crosses −50 at τ·ln(11).
    expect(firstCrossing(-49 - -50, [-60 - -49], [20], 800)).toBeCloseTo(20 * Math.log(11), 8);
  });

  it('finds the earliest crossing of random three-exponential sums found by a fine scan', () => {
    const rng = new Rng(11);
    let crossings = 0;
    for (let trial = 0; trial < 60; trial++) {
      const taus = [20, 5, 50];
      const a = [rng.uniform(-20, 5), rng.uniform(-5, 30), rng.uniform(-10, 0)];
      const d = rng.uniform(-8, 4);
      if (d + a[0]! + a[1]! + a[2]! >= 0) continue; // f(0) must be below threshold
      const found = firstCrossing(d, a, taus, 200);
      const reference = scan(d, a, taus, 200);
      if (Number.isFinite(reference)) {
        crossings++;
        expect(Math.abs(found - reference)).toBeLessThanOrEqual(1.01e-3);
      } else expect(found).toBe(Number.POSITIVE_INFINITY);
    }
    expect(crossings).toBeGreaterThan(10);
  });
});
