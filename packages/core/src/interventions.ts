import type { Matrix } from './matrix.js';
import type { Intervention } from './substrate.js';

/**
 * Applies interventions to one site's states [examples x units], in place and in list order, as
 * `Intervention` defines them (values in state units). The caller passes only the interventions aimed
 * at this site, already validated (BaseSubstrate checks units, vector and values sizes).
 * - ablate 'mean': each unit's column mean over the batch, taken from the states as they stand when
 *   this intervention starts, before any of its rows is overwritten.
 * - clamp: `values` holds one value per unit (every example) or one row per example (row-major).
 * - add: scale · vector on every example.
 * Returns a 0/1 mask of the units this call set or changed (an add with a zero entry changes nothing).
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
    } else if (iv.kind === 'clamp') {
      const n = iv.units.length;
      // With one row the two layouts coincide; otherwise n values are shared by every example.
      const perRow = iv.values.length === n * rows && rows > 1;
      iv.units.forEach((u, k) => {
        touched[u] = 1;
        for (let r = 0; r < rows; r++) data[r * cols + u] = iv.values[(perRow ? r * n : 0) + k]!;
      });
    } else {
      const fills = iv.units.map((u) => (iv.value === 'mean' ? columnMean(states, u) : 0));
      iv.units.forEach((u, k) => {
        touched[u] = 1;
        for (let r = 0; r < rows; r++) data[r * cols + u] = fills[k]!;
      });
    }
  }
  return touched;
}

/** The interventions of a list aimed at `site`, in order. */
export function interventionsAt(site: string, interventions: readonly Intervention[]): Intervention[] {
  return interventions.filter((iv) => iv.site === site);
}

/** Mean of column `j` over every row (0 for an empty batch). */
export function columnMean(m: Matrix, j: number): number {
  let sum = 0;
  for (let r = 0; r < m.rows; r++) sum += m.data[r * m.cols + j]!;
  return m.rows > 0 ? sum / m.rows : 0;
}
