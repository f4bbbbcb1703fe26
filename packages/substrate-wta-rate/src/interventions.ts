import type { Intervention, Matrix } from '@scrutable/core';

/**
 * Applies the interventions aimed at one site to its states [examples x units], in place and in list
 * order. Arguments are already validated by BaseSubstrate (units in range, vector and values sized).
 */
export function applyInterventions(states: Matrix, interventions: readonly Intervention[]): void {
  const { rows, cols, data } = states;
  for (const iv of interventions) {
    if (iv.kind === 'add') {
      const scale = iv.scale ?? 1;
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < cols; j++) data[r * cols + j]! += scale * iv.vector[j]!;
    } else if (iv.kind === 'clamp') {
      const n = iv.units.length;
      // One value per unit for every example, or one row of values per example.
      const perExample = iv.values.length === n * rows;
      for (let r = 0; r < rows; r++)
        iv.units.forEach((u, k) => {
          data[r * cols + u] = iv.values[perExample ? r * n + k : k]!;
        });
    } else {
      for (const u of iv.units) {
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
