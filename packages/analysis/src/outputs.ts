import type { Matrix, OutputHead } from '@scrutable/core';
import { argmaxRow } from '@scrutable/core';

/**
 * One discrete output variable: a whole class head (its value is the argmax), one bit of a binary
 * head (score > 0.5), or one element of a real head (rounded).
 */
export interface OutputVariable {
  readonly name: string;
  readonly kind: 'class' | 'binary' | 'real';
  /** First output column. */
  readonly start: number;
  /** Columns it spans (class: head size; otherwise 1). */
  readonly size: number;
}

/** The output variables of a list of heads, in column order. */
export function outputVariables(heads: readonly OutputHead[]): OutputVariable[] {
  const out: OutputVariable[] = [];
  let start = 0;
  for (const head of heads) {
    if (head.kind === 'class') out.push({ name: head.name, kind: 'class', start, size: head.size });
    else
      for (let j = 0; j < head.size; j++)
        out.push({
          name: head.size > 1 ? `${head.name}[${j}]` : head.name,
          kind: head.kind,
          start: start + j,
          size: 1,
        });
    start += head.size;
  }
  return out;
}

/** The discrete value of variable `v` in row `i` of outputs (or targets). */
export function readVariable(m: Matrix, i: number, v: OutputVariable): number {
  if (v.kind === 'class') return argmaxRow(m, i, v.start, v.size);
  const x = m.data[i * m.cols + v.start]!;
  return v.kind === 'binary' ? (x > 0.5 ? 1 : 0) : Math.round(x);
}

/** Same as readVariable on a single output row. */
export function readVariableRow(values: Float32Array, v: OutputVariable): number {
  return readVariable({ rows: 1, cols: values.length, data: values }, 0, v);
}

/**
 * Probabilities of a class head in row i: the scores themselves when they already form a
 * distribution, a softmax of them otherwise (heads may return logits).
 */
export function classProbabilities(m: Matrix, i: number, v: OutputVariable): Float64Array {
  const p = new Float64Array(v.size);
  let sum = 0;
  let nonNegative = true;
  for (let j = 0; j < v.size; j++) {
    p[j] = m.data[i * m.cols + v.start + j]!;
    sum += p[j]!;
    if (p[j]! < 0) nonNegative = false;
  }
  if (nonNegative && Math.abs(sum - 1) < 1e-3) return p;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of p) max = Math.max(max, x);
  let z = 0;
  for (let j = 0; j < v.size; j++) {
    p[j] = Math.exp(p[j]! - max);
    z += p[j]!;
  }
  for (let j = 0; j < v.size; j++) p[j]! /= z;
  return p;
}
