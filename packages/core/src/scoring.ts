import type { OutputHead } from './dataset.js';
import { argmaxRow, type Matrix } from './matrix.js';

/**
 * Accuracy of outputs against targets, averaged over heads: class heads by argmax, binary bits by
 * score > 0.5, real heads by |error| < 0.5 (the usual reading for integer-valued targets).
 */
export function accuracy(outputs: Matrix, targets: Matrix, heads: readonly OutputHead[]): number {
  if (outputs.rows === 0) return Number.NaN;
  let total = 0;
  let count = 0;
  let start = 0;
  for (const head of heads) {
    for (let i = 0; i < outputs.rows; i++) {
      if (head.kind === 'class') {
        total += argmaxRow(outputs, i, start, head.size) === argmaxRow(targets, i, start, head.size) ? 1 : 0;
        count++;
      } else {
        for (let j = 0; j < head.size; j++) {
          const o = outputs.data[i * outputs.cols + start + j]!;
          const t = targets.data[i * targets.cols + start + j]!;
          total += head.kind === 'binary' ? (o > 0.5 === t > 0.5 ? 1 : 0) : Math.abs(o - t) < 0.5 ? 1 : 0;
          count++;
        }
      }
    }
    start += head.size;
  }
  return total / count;
}
