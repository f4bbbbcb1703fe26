import type { OutputHead } from './dataset.js';
import { check } from './errors.js';
import { type Matrix, matrix } from './matrix.js';

/**
 * Post-head outputs from logits [examples x output width] (a new matrix): softmax over each class
 * head (shifted by its maximum, so large logits do not overflow), sigmoid per binary column, identity
 * for real heads.
 */
export function headActivations(logits: Matrix, heads: readonly OutputHead[]): Matrix {
  const out = matrix(logits.rows, logits.cols, logits.data.slice());
  for (let r = 0; r < out.rows; r++) {
    let start = r * out.cols;
    for (const head of heads) {
      const slice = out.data.subarray(start, start + head.size);
      if (head.kind === 'class') {
        let max = Number.NEGATIVE_INFINITY;
        for (const v of slice) max = Math.max(max, v);
        let sum = 0;
        for (let k = 0; k < slice.length; k++) {
          slice[k] = Math.exp(slice[k]! - max);
          sum += slice[k]!;
        }
        for (let k = 0; k < slice.length; k++) slice[k]! /= sum;
      } else if (head.kind === 'binary') {
        for (let k = 0; k < slice.length; k++) slice[k] = 1 / (1 + Math.exp(-slice[k]!));
      }
      start += head.size;
    }
  }
  return out;
}

/** Whether a saved value is an output head: `{ name, kind, size }` with a known kind and size >= 1. */
export function isOutputHead(h: unknown): h is OutputHead {
  const head = h as OutputHead;
  return (
    !!head &&
    typeof head === 'object' &&
    typeof head.name === 'string' &&
    ['class', 'binary', 'real'].includes(head.kind) &&
    Number.isInteger(head.size) &&
    head.size >= 1
  );
}

/** Saved heads, checked and copied to exactly `{ name, kind, size }`; throws BAD_STATE. */
export function savedHeads(heads: unknown): OutputHead[] {
  check(
    Array.isArray(heads) && heads.length > 0 && heads.every(isOutputHead),
    'heads must be a non-empty array of { name, kind, size }',
    'BAD_STATE',
  );
  return (heads as OutputHead[]).map((h) => ({ name: h.name, kind: h.kind, size: h.size }));
}
