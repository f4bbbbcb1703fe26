import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { grokkingRows, grokkingSpec } from './grokking.js';
import { resultsOf } from './test-results.js';

function cell(seed: number, curve: unknown, task = 'modadd'): CellResult {
  const raw = { fit: { epochs: 40, ...(curve ? { curve: JSON.stringify(curve) } : {}) } };
  return { id: `${task}-${seed}`, substrate: 'dense', task, level: 2, seed, status: 'ok', raw, metrics: {} };
}

const results = resultsOf;

const grokked = {
  epochs: [0, 10, 20, 30, 40],
  train: [0.05, 1, 1, 1, 1],
  heldOut: [0.04, 0.1, 0.3, 0.95, 1],
};
const stuck = { epochs: [0, 10, 20], train: [0.05, 0.5, 0.995], heldOut: [0.04, 0.2, 0.41] };

describe('the grokking run in the report', () => {
  const run = results([
    cell(1, stuck),
    cell(0, grokked),
    cell(2, undefined),
    cell(3, { epochs: [0], train: [0.1], heldOut: [] }),
    cell(4, grokked, 'facts'),
  ]);

  it('reads the epochs of memorisation and generalisation off each recorded curve, beside Nanda et al.', () => {
    const rows = grokkingRows(run);
    // Only modadd cells whose curve has held-out readings; in seed order.
    expect(rows).toHaveLength(2);
    expect(rows[0]![1]).toMatch(/Nanda et al\. 2023: epoch 1\.4k/);
    expect(rows[0]![4]).toBe('10 → 30 (seed 0)');
    expect(rows[1]![4]).toBe('20 → not by epoch 20 (held-out 0.41) (seed 1)');
  });

  it('draws both curves of every run, and nothing without one', () => {
    const values = (grokkingSpec(run)!.data as { values: Array<{ run: string; split: string }> }).values;
    expect(values).toHaveLength(2 * (grokked.epochs.length + stuck.epochs.length));
    expect(new Set(values.map((v) => v.split))).toEqual(new Set(['pairs trained on', 'held-out pairs']));
    expect(grokkingSpec(results([cell(0, undefined)]))).toBeNull();
  });
});
