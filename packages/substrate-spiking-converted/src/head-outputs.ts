import type { Matrix, OutputHead } from '@scrutable/core';

/** Logits to outputs in place, as the source's heads read them: softmax per class head, sigmoid per binary column, identity for real. */
export function applyHeads(logits: Matrix, heads: readonly OutputHead[]): Matrix {
  const { data, cols } = logits;
  for (let e = 0; e < logits.rows; e++) {
    let start = e * cols;
    for (const head of heads) {
      if (head.kind === 'binary')
        for (let k = start; k < start + head.size; k++) data[k] = 1 / (1 + Math.exp(-data[k]!));
      else if (head.kind === 'class') {
        let max = Number.NEGATIVE_INFINITY;
        for (let k = start; k < start + head.size; k++) max = Math.max(max, data[k]!);
        let sum = 0;
        for (let k = start; k < start + head.size; k++) {
          data[k] = Math.exp(data[k]! - max);
          sum += data[k]!;
        }
        for (let k = start; k < start + head.size; k++) data[k]! /= sum;
      }
      start += head.size;
    }
  }
  return logits;
}
