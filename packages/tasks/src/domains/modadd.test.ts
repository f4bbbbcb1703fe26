import { describe, expect, it } from 'vitest';
import { generateTask } from '../index.js';
import type { TaskInstance } from '../types.js';

function p(task: TaskInstance): number {
  if (task.structure.domain !== 'modadd') throw new Error('not a modadd task');
  return task.structure.p;
}

/** The single index holding a 1 in a one-hot block. */
function hot(values: ArrayLike<number>, offset: number, width: number): number {
  const ones = [];
  for (let j = 0; j < width; j++) if (values[offset + j] === 1) ones.push(j);
  expect(ones).toHaveLength(1);
  return ones[0]!;
}

describe('modadd', () => {
  for (const level of [1, 2, 5]) {
    const task = generateTask('modadd', { level, seed: 4 });
    const modulus = p(task);

    it(`level ${level}: targets are (a + b) mod p and latents are a, b, sum and its Fourier features`, () => {
      const seen = new Set<number>();
      for (const split of [task.train, task.test]) {
        const byName = Object.fromEntries(split.latents.map((l) => [l.name, l.values]));
        for (let i = 0; i < split.inputs.rows; i++) {
          const a = hot(split.inputs.data, i * 2 * modulus, modulus);
          const b = hot(split.inputs.data, i * 2 * modulus + modulus, modulus);
          seen.add(a * modulus + b);
          const sum = (a + b) % modulus;
          expect(hot(split.targets.data, i * modulus, modulus)).toBe(sum);
          expect([byName['a']![i], byName['b']![i], byName['sum']![i]]).toEqual([a, b, sum]);
          for (const k of [1, 2, 3]) {
            expect(byName[`cos_${k}`]![i]).toBeCloseTo(Math.cos((2 * Math.PI * k * sum) / modulus), 6);
            expect(byName[`sin_${k}`]![i]).toBeCloseTo(Math.sin((2 * Math.PI * k * sum) / modulus), 6);
          }
        }
      }
      expect(seen.size).toBe(modulus * modulus);
    });

    it(`level ${level}: has an orthonormal Fourier basis with cos/sin rows in the documented order`, () => {
      if (task.structure.domain !== 'modadd') throw new Error('not a modadd task');
      const basis = task.structure.fourierBasis;
      expect(basis).toHaveLength(modulus * modulus);
      for (let r = 0; r < modulus; r++) {
        for (let s = 0; s < modulus; s++) {
          let dot = 0;
          for (let x = 0; x < modulus; x++) dot += basis[r * modulus + x]! * basis[s * modulus + x]!;
          expect(dot).toBeCloseTo(r === s ? 1 : 0, 5);
        }
      }
      // Row 2k-1 is proportional to cos(2πk·x/p), row 2k to sin: compare at x = 1 against x = 0 scaling.
      const k = 2;
      const norm = Math.sqrt(2 / modulus);
      expect(basis[(2 * k - 1) * modulus + 1]).toBeCloseTo(norm * Math.cos((2 * Math.PI * k) / modulus), 6);
      expect(basis[2 * k * modulus + 1]).toBeCloseTo(norm * Math.sin((2 * Math.PI * k) / modulus), 6);
    });

    it(`level ${level}: forcing a, b or sum propagates to the sum, the features and the target`, () => {
      const input = task.test.inputs.data.slice(0, 2 * modulus);
      const a = hot(input, 0, modulus);
      const b = hot(input, modulus, modulus);
      const forcedA = (a + 1) % modulus;
      const viaA = task.groundTruth(input, new Map([[0, forcedA]]));
      expect(hot(viaA.targets, 0, modulus)).toBe((forcedA + b) % modulus);
      expect(viaA.latents[3]).toBeCloseTo(Math.cos((2 * Math.PI * ((forcedA + b) % modulus)) / modulus), 6);
      const viaSum = task.groundTruth(input, new Map([[2, 0]]));
      expect(Array.from(viaSum.latents.subarray(0, 3))).toEqual([a, b, 0]);
      expect(hot(viaSum.targets, 0, modulus)).toBe(0);
      // A Fourier feature is computed from the sum; forcing it does not reach the target.
      const viaFeature = task.groundTruth(input, new Map([[3, -1]]));
      expect(viaFeature.latents[3]).toBe(-1);
      expect(hot(viaFeature.targets, 0, modulus)).toBe((a + b) % modulus);
    });
  }

  it('holds out a fifth of the pairs, a different fifth per seed', () => {
    const heldOut = (seed: number) => {
      const task = generateTask('modadd', { level: 1, seed });
      const modulus = p(task);
      const pairs = new Set<number>();
      for (let i = 0; i < task.test.inputs.rows; i++) {
        const offset = i * 2 * modulus;
        pairs.add(
          hot(task.test.inputs.data, offset, modulus) * modulus +
            hot(task.test.inputs.data, offset + modulus, modulus),
        );
      }
      expect(task.test.inputs.rows).toBe(Math.round((modulus * modulus) / 5));
      expect(task.train.inputs.rows + task.test.inputs.rows).toBe(modulus * modulus);
      return pairs;
    };
    const [first, second] = [heldOut(0), heldOut(1)];
    expect([...first].filter((pair) => second.has(pair)).length).toBeLessThan(first.size);
  });

  it('grows p with the level', () => {
    const moduli = [1, 2, 3, 4, 5].map((level) => p(generateTask('modadd', { level, seed: 0 })));
    for (let i = 1; i < moduli.length; i++) expect(moduli[i]!).toBeGreaterThan(moduli[i - 1]!);
  });
});
