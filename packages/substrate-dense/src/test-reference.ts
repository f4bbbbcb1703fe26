import type { Intervention, Matrix, OutputHead, ParameterView } from '@scrutable/core';
import type { Activation } from './config.js';

/**
 * A plain-JavaScript forward pass built only from the parameter views (to = W·from + b), used by
 * the tests as the independent computation the substrate must agree with. Interventions are applied
 * by hand at their sites, in the order the network computes them.
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
    for (const iv of interventions.filter((x) => x.site === site)) {
      if (iv.kind === 'add') {
        for (const row of values)
          for (let j = 0; j < row.length; j++) row[j]! += (iv.scale ?? 1) * iv.vector[j]!;
      } else if (iv.kind === 'clamp') {
        const n = iv.units.length;
        values.forEach((row, r) => {
          for (let k = 0; k < n; k++)
            row[iv.units[k]!] = iv.values.length === n ? iv.values[k]! : iv.values[r * n + k]!;
        });
      } else
        for (const u of iv.units) {
          const mean = values.reduce((s, row) => s + row[u]!, 0) / values.length;
          for (const row of values) row[u] = iv.value === 'mean' ? mean : 0;
        }
    }
    states[site] = values.map((row) => [...row]);
    return values;
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
  const outputs = h.map((logits) => {
    const out: number[] = [];
    let start = 0;
    for (const head of heads) {
      const part = logits.slice(start, start + head.size);
      if (head.kind === 'class') {
        const max = Math.max(...part);
        const e = part.map((v) => Math.exp(v - max));
        const sum = e.reduce((a, c) => a + c, 0);
        out.push(...e.map((v) => v / sum));
      } else out.push(...(head.kind === 'binary' ? part.map((v) => 1 / (1 + Math.exp(-v))) : part));
      start += head.size;
    }
    return out;
  });
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
