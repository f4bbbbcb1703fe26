import type { Intervention, Matrix } from '@scrutable/core';

/**
 * Applies interventions, in order, to a copy of one site's 0/1 truth values and reads the result back
 * as truth (value > 0.5). Ablate sets units to 0 or to their batch mean; clamp sets them to the
 * given values; add adds scale * vector. A unit clamped or pushed above 0.5 is true, otherwise false.
 */
export function intervenedTruth(states: Matrix, interventions: readonly Intervention[]): Matrix {
  const { rows, cols } = states;
  const values = Float64Array.from(states.data);
  for (const iv of interventions) {
    if (iv.kind === 'add') {
      const scale = iv.scale ?? 1;
      for (let r = 0; r < rows; r++)
        for (let u = 0; u < cols; u++) values[r * cols + u]! += scale * iv.vector[u]!;
    } else if (iv.kind === 'ablate') {
      for (const u of iv.units) {
        let fill = 0;
        if (iv.value === 'mean') {
          for (let r = 0; r < rows; r++) fill += values[r * cols + u]!;
          fill /= rows;
        }
        for (let r = 0; r < rows; r++) values[r * cols + u] = fill;
      }
    } else {
      const perRow = iv.values.length !== iv.units.length;
      iv.units.forEach((u, k) => {
        for (let r = 0; r < rows; r++)
          values[r * cols + u] = iv.values[perRow ? r * iv.units.length + k : k]!;
      });
    }
  }
  return { rows, cols, data: Float32Array.from(values, (v) => (v > 0.5 ? 1 : 0)) };
}
