import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.js';
import { CV_FOLDS, learnTrees, MIN_VALIDATION_ROWS } from './learner.js';

/** `rows` random 6-bit inputs whose target is the XOR of bits 0 and 1: only a depth-2 tree answers it. */
function xorSplit(rows: number, seed: number) {
  const rng = new Rng(seed);
  const inputs = Float32Array.from({ length: rows * 6 }, () => rng.int(2));
  const targets = Float32Array.from({ length: rows }, (_, r) => inputs[r * 6]! ^ inputs[r * 6 + 1]!);
  return {
    inputs: { rows, cols: 6, data: inputs },
    targets: { rows, cols: 1, data: targets },
  };
}
const heads = [{ name: 'y', kind: 'binary' as const, size: 1 }];

describe('learnTrees budget choice', () => {
  it('cross-validates on a small training set: every row is scored once, so the score has n as denominator', () => {
    const n = 47; // a 20% split would hold out 9 rows, far below MIN_VALIDATION_ROWS
    expect(Math.round(n * DEFAULT_CONFIG.validationFraction)).toBeLessThan(MIN_VALIDATION_ROWS);
    const [tree] = learnTrees(xorSplit(n, 3), heads, { ...DEFAULT_CONFIG, seed: 0 });
    const right = tree!.budget.validationScore * n;
    expect(Math.abs(right - Math.round(right))).toBeLessThan(1e-9);
    expect(CV_FOLDS).toBeGreaterThan(1);
  });

  it('finds the depth-2 rule from 40 rows for every seed, where one 8-row held-out split is a coin toss', () => {
    const depths: number[] = [];
    for (let seed = 0; seed < 12; seed++) {
      const [tree] = learnTrees(xorSplit(40, seed), heads, { ...DEFAULT_CONFIG, seed });
      depths.push(tree!.budget.maxDepth);
    }
    expect(depths.every((d) => d >= 2)).toBe(true);
  });

  it('holds out one split when it is large enough', () => {
    const n = 1000;
    const [tree] = learnTrees(xorSplit(n, 1), heads, { ...DEFAULT_CONFIG, seed: 0 });
    const held = Math.round(n * DEFAULT_CONFIG.validationFraction);
    const right = tree!.budget.validationScore * held;
    expect(Math.abs(right - Math.round(right))).toBeLessThan(1e-9);
    expect(tree!.budget.maxDepth).toBeGreaterThanOrEqual(2);
  });
});
