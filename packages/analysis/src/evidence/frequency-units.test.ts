import { matrix } from '@scrutable/core';
import { fourierBasis } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { frequencyUnits } from './frequency-units.js';

const P = 13;

/**
 * Brute-force reference: the complex 2-D DFT of a unit's p × p table, power summed per frequency k
 * over the coefficients whose two frequencies (folded to 0..(p-1)/2) are each 0 or k, over all
 * non-constant power. Returns the best k and its share.
 */
function bruteForceTopFrequency(table: (a: number, b: number) => number): {
  frequency: number;
  share: number;
} {
  const fold = (k: number) => Math.min(k, P - k);
  const byFrequency = new Float64Array((P - 1) / 2 + 1);
  let total = 0;
  for (let ka = 0; ka < P; ka++)
    for (let kb = 0; kb < P; kb++) {
      if (ka === 0 && kb === 0) continue;
      let re = 0;
      let im = 0;
      for (let a = 0; a < P; a++)
        for (let b = 0; b < P; b++) {
          const angle = (-2 * Math.PI * (ka * a + kb * b)) / P;
          re += table(a, b) * Math.cos(angle);
          im += table(a, b) * Math.sin(angle);
        }
      const power = re * re + im * im;
      total += power;
      const [fa, fb] = [fold(ka), fold(kb)];
      if (fa === 0 || fb === 0 || fa === fb) byFrequency[Math.max(fa, fb)]! += power;
    }
  let frequency = 1;
  for (let k = 1; k < byFrequency.length; k++) if (byFrequency[k]! > byFrequency[frequency]!) frequency = k;
  return { frequency, share: byFrequency[frequency]! / total };
}

/** Planted units: one frequency each, a two-frequency mixture, a near-one-frequency unit, a dead unit. */
const UNITS: ReadonlyArray<(a: number, b: number) => number> = [
  (a, b) => Math.cos((2 * Math.PI * 3 * (a + b)) / P),
  (a, b) => Math.max(0, Math.sin((2 * Math.PI * 5 * (a + b)) / P) + 0.3),
  (a, b) => Math.cos((2 * Math.PI * 2 * a) / P) + 0.8 * Math.cos((2 * Math.PI * 4 * b) / P),
  (a, b) => Math.cos((2 * Math.PI * (a + b)) / P) + 0.35 * Math.cos((2 * Math.PI * 6 * a) / P),
  () => 0.5,
];

describe('frequencyUnits', () => {
  const states = matrix(P * P, UNITS.length);
  for (let a = 0; a < P; a++)
    for (let b = 0; b < P; b++)
      UNITS.forEach((f, u) => {
        states.data[(a * P + b) * UNITS.length + u] = f(a, b);
      });
  const result = frequencyUnits({ h: states }, P, fourierBasis(P));

  it('gives each varying unit the frequency and share a brute-force DFT gives it', () => {
    expect(result).not.toBeNull();
    expect(result!.varyingUnits).toBe(4);
    for (const unit of result!.units) {
      const reference = bruteForceTopFrequency(UNITS[unit.unit]!);
      expect(unit.frequency).toBe(reference.frequency);
      expect(unit.share).toBeCloseTo(reference.share, 4);
    }
  });

  it('counts as one-frequency exactly the units above 85%, and lists the frequencies they use', () => {
    const expected = UNITS.slice(0, 4).filter((f) => bruteForceTopFrequency(f).share > 0.85);
    // The mixture keeps 1 / 1.64 of its power at frequency 2; the pure and rectified units stay at one frequency.
    expect(expected.length).toBe(3);
    expect(result!.oneFrequencyShare).toBeCloseTo(expected.length / 4, 10);
    expect(result!.frequencies).toEqual({ 1: 1, 3: 1, 5: 1 });
  });

  it('is null when no unit varies', () => {
    const constant = matrix(P * P, 2);
    constant.data.fill(1);
    expect(frequencyUnits({ h: constant }, P, fourierBasis(P))).toBeNull();
  });
});
