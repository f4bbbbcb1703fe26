import { describe, expect, it } from 'vitest';
import { validateDataset } from './base-substrate.js';
import type { Dataset } from './dataset.js';
import { isScrutableError } from './errors.js';
import { matrix } from './matrix.js';
import { accuracy } from './scoring.js';

const dataset = (targetsCols: number, nan = false): Dataset => {
  const inputs = matrix(2, 2, [0, 1, 1, nan ? Number.NaN : 0]);
  return {
    name: 't',
    inputNames: ['a', 'b'],
    heads: [{ name: 'y', kind: 'class', size: 2 }],
    train: { inputs, targets: matrix(2, targetsCols) },
    test: { inputs, targets: matrix(2, targetsCols) },
  };
};

describe('validateDataset', () => {
  it('accepts a well-formed dataset', () => {
    expect(() => validateDataset(dataset(2))).not.toThrow();
  });
  it('rejects targets that do not match the heads, and NaN inputs, with BAD_INPUT', () => {
    for (const bad of [dataset(3), dataset(2, true)]) {
      try {
        validateDataset(bad);
        expect.unreachable();
      } catch (e) {
        expect(isScrutableError(e, 'BAD_INPUT')).toBe(true);
      }
    }
  });
});

describe('accuracy', () => {
  it('averages argmax agreement for class heads and thresholded bits for binary heads', () => {
    const heads = [
      { name: 'c', kind: 'class', size: 2 },
      { name: 'b', kind: 'binary', size: 1 },
    ] as const;
    const outputs = matrix(2, 3, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2]);
    const targets = matrix(2, 3, [1, 0, 1, 1, 0, 1]);
    // class: row0 right, row1 wrong; binary: row0 right, row1 wrong
    expect(accuracy(outputs, targets, heads)).toBeCloseTo(0.5);
  });
});
