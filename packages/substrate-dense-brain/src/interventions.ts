import type { Intervention, Matrix } from '@scrutable/core';

/** Applies, in order, the interventions aimed at `site` to its states (in place). */
export function applyInterventions(
  site: string,
  states: Matrix,
  interventions: readonly Intervention[],
): void {
  for (const iv of interventions) {
    if (iv.site !== site) continue;
    const { rows, cols, data } = states;
    if (iv.kind === 'add') {
      const scale = iv.scale ?? 1;
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < cols; j++) data[r * cols + j]! += scale * iv.vector[j]!;
    } else if (iv.kind === 'clamp') {
      const n = iv.units.length;
      const perRow = iv.values.length === n * rows && rows > 1;
      for (let r = 0; r < rows; r++)
        iv.units.forEach((u, k) => {
          data[r * cols + u] = iv.values[(perRow ? r * n : 0) + k]!;
        });
    } else {
      for (const u of iv.units) {
        // The mean is taken over the batch given, before any of this ablation's units are changed.
        let value = 0;
        if (iv.value === 'mean') {
          for (let r = 0; r < rows; r++) value += data[r * cols + u]!;
          value /= rows;
        }
        for (let r = 0; r < rows; r++) data[r * cols + u] = value;
      }
    }
  }
}
