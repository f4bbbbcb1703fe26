import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { fitTree, predictTree } from './cart.js';

function accuracy(depth: number, rows: number, seed: number): number {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: rows * 3 }, () => rng.float());
  // XOR of two thresholds: needs depth 2; the third feature is a distractor.
  const label = (i: number) => (x[i * 3]! > 0.5 ? 1 : 0) ^ (x[i * 3 + 1]! > 0.3 ? 1 : 0);
  const y = Int32Array.from({ length: rows }, (_, i) => label(i));
  const tree = fitTree(x, 3, y, { maxDepth: depth });
  let right = 0;
  for (let i = 0; i < rows; i++) if (predictTree(tree, x, 3, i) === y[i]) right++;
  return right / rows;
}

describe('tiny CART', () => {
  it('fits an axis-aligned XOR exactly at depth 2', () => {
    expect(accuracy(2, 400, 1)).toBe(1);
  });

  it('gets only the best single threshold right at depth 1', () => {
    // Splitting on x0 at 0.5 leaves label = [x1 > 0.3] on one side and its negation on the other, so
    // each side's majority is right with probability P(x1 > 0.3) = 0.7; no single split does better.
    const acc = accuracy(1, 400, 2);
    expect(acc).toBeGreaterThan(0.65);
    expect(acc).toBeLessThan(0.76);
  });

  it('predicts the majority label from a depth-0 tree', () => {
    const y = Int32Array.of(2, 2, 1, 2, 0);
    const tree = fitTree(new Float64Array(5), 1, y, { maxDepth: 0 });
    expect(predictTree(tree, new Float64Array(1), 1, 0)).toBe(2);
  });
});
