import type { Intervention, Matrix } from '@scrutable/core';

/**
 * Applies interventions to a batch of unit states in place, in order, as core `Intervention`
 * defines them: ablate sets units to 0 or to their batch mean, clamp sets them to shared or per-row
 * values, add adds scale·vector. Returns a 0/1 mask of the units changed or set.
 */
export function applyInterventions(states: Matrix, interventions: readonly Intervention[]): Uint8Array {
  const { rows, cols, data } = states;
  const touched = new Uint8Array(cols);
  for (const iv of interventions) {
    if (iv.kind === 'add') {
      const scale = iv.scale ?? 1;
      for (let j = 0; j < cols; j++) {
        const delta = scale * iv.vector[j]!;
        if (delta === 0) continue;
        touched[j] = 1;
        for (let r = 0; r < rows; r++) data[r * cols + j]! += delta;
      }
      continue;
    }
    iv.units.forEach((u, k) => {
      touched[u] = 1;
      let fill = 0;
      if (iv.kind === 'ablate' && iv.value === 'mean') {
        for (let r = 0; r < rows; r++) fill += data[r * cols + u]!;
        fill /= rows;
      }
      for (let r = 0; r < rows; r++) {
        if (iv.kind === 'clamp')
          fill = iv.values.length === iv.units.length ? iv.values[k]! : iv.values[r * iv.units.length + k]!;
        data[r * cols + u] = fill;
      }
    });
  }
  return touched;
}
