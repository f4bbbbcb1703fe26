import {
  applyInterventions,
  fromRows,
  headActivations,
  type Intervention,
  interventionsAt,
  type Matrix,
  type OutputHead,
  type ParameterView,
} from '@scrutable/core';
import type { Activation } from './config.js';

/**
 * A plain-JavaScript forward pass built only from the parameter views (to = W·from + b), used by
 * the tests as the independent computation the substrate must agree with (TensorFlow.js is not used).
 * Interventions are applied with core's `applyInterventions` (tested there against hand computations)
 * at their sites, in the order the network computes them.
 */
export function referenceForward(
  views: readonly ParameterView[],
  activation: Activation,
  heads: readonly OutputHead[],
  inputs: Matrix,
  interventions: readonly Intervention[] = [],
): { states: Record<string, number[][]>; outputs: number[][] } {
  const act = (v: number) =>
    activation === 'relu' ? Math.max(0, v) : activation === 'tanh' ? Math.tanh(v) : 1 / (1 + Math.exp(-v));
  const byName = new Map(views.map((v) => [v.name, v]));
  const layers = views.filter((v) => v.name.startsWith('W')).length;
  const states: Record<string, number[][]> = {};
  let h: number[][] = Array.from({ length: inputs.rows }, (_, r) =>
    Array.from(inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols)),
  );
  const visit = (site: string, values: number[][]): number[][] => {
    const here = interventionsAt(site, interventions);
    if (here.length === 0) {
      states[site] = values.map((row) => [...row]);
      return values;
    }
    const m = fromRows(values);
    applyInterventions(m, here);
    const changed = values.map((_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
    states[site] = changed.map((row) => [...row]);
    return changed;
  };
  for (let i = 0; i < layers; i++) {
    const W = byName.get(`W${i}`)!;
    const w = W.read();
    const b = byName.get(`b${i}`)!.read();
    const pre = h.map((x) =>
      Array.from({ length: W.rows }, (_, o) => x.reduce((s, xj, j) => s + w[o * W.cols + j]! * xj, b[o]!)),
    );
    const last = i === layers - 1;
    h = visit(last ? 'out.pre' : `h${i}.pre`, pre);
    if (!last)
      h = visit(
        `h${i}.post`,
        h.map((row) => row.map(act)),
      );
  }
  const post = headActivations(fromRows(h), heads);
  const outputs = h.map((_, r) => Array.from(post.data.subarray(r * post.cols, (r + 1) * post.cols)));
  return { states, outputs };
}

/** Largest absolute difference between a matrix and nested rows. */
export function maxDiff(m: Matrix, rows: readonly (readonly number[])[]): number {
  let worst = rows.length === m.rows ? 0 : Number.POSITIVE_INFINITY;
  rows.forEach((row, r) => {
    if (row.length !== m.cols) worst = Number.POSITIVE_INFINITY;
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - m.data[r * m.cols + j]!));
    });
  });
  return worst;
}
