import { describe, expect, it } from 'vitest';
import { headActivations } from './heads.js';
import { matrix } from './matrix.js';

describe('headActivations', () => {
  it('applies softmax per class head, sigmoid per binary column and identity for real heads', () => {
    const logits = matrix(1, 5, [0, Math.log(3), 0, 2, -1.5]);
    const out = headActivations(logits, [
      { name: 'c', kind: 'class', size: 2 },
      { name: 'b', kind: 'binary', size: 2 },
      { name: 'r', kind: 'real', size: 1 },
    ]);
    // softmax(0, ln 3) = (1/4, 3/4); sigmoid(0) = 1/2, sigmoid(2) = 1/(1+e^-2).
    const expected = [0.25, 0.75, 0.5, 1 / (1 + Math.exp(-2)), -1.5];
    expected.forEach((v, i) => {
      expect(out.data[i]).toBeCloseTo(v, 6);
    });
    expect(logits.data[1]).toBeCloseTo(Math.log(3), 6);
  });

  it('does not overflow on large logits', () => {
    const out = headActivations(matrix(1, 2, [1000, 1000]), [{ name: 'c', kind: 'class', size: 2 }]);
    expect(Array.from(out.data)).toEqual([0.5, 0.5]);
  });
});
