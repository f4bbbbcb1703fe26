import { type Intervention, type Matrix, matrix } from '@scrutable/core';
import type { BatchReading } from './readings.js';
import { parseSite } from './sites.js';
import type { LayerChanges } from './spiking-layers.js';

/**
 * Interventions in state units (what `observe` returns at the site), turned into the simulation's own
 * mechanisms. At a hidden layer's drive or counts site:
 * - add v: the unit receives v more charge over the window, as an extra constant current v/T (about v
 *   more spikes while it fires);
 * - clamp c: the unit is cut from its input and driven by the constant current that delivers charge c
 *   over the window: it fires ⌊c⌋ evenly spaced spikes (none for c ≤ 0), whichever site named it;
 * - ablate: clamp to 0 (silence), or to the unit's mean state over the batch (`value: 'mean'`).
 * At the readout's drive (not simulated) each acts on the value directly.
 */
export interface InterventionPlan {
  /** Per example, the changes of each hidden layer. */
  readonly changes: (example: number) => readonly LayerChanges[];
  /** Applies the readout's interventions to its drive, in place. */
  readonly applyToReadout: (readout: Matrix) => void;
}

/** Builds the plan; `baseline` (the batch read without interventions) is needed only for mean ablation. */
export function planInterventions(
  list: readonly Intervention[],
  hiddenSizes: readonly number[],
  rows: number,
  baseline: BatchReading | null,
): InterventionPlan {
  const added: (Float64Array | null)[] = hiddenSizes.map(() => null);
  const clamps: { layer: number; units: readonly number[]; values: (e: number, k: number) => number }[] = [];
  const readoutList: Intervention[] = [];
  for (const iv of list) {
    const ref = parseSite(iv.site);
    if (ref.kind === 'readout') {
      readoutList.push(iv);
      continue;
    }
    const l = ref.layer;
    if (iv.kind === 'add') {
      const charge = added[l] ?? new Float64Array(hiddenSizes[l]!);
      added[l] = charge;
      const scale = iv.scale ?? 1;
      for (let i = 0; i < charge.length; i++) charge[i]! += scale * iv.vector[i]!;
    } else if (iv.kind === 'clamp') {
      const shared = iv.values.length === iv.units.length;
      const n = iv.units.length;
      clamps.push({ layer: l, units: iv.units, values: (e, k) => iv.values[shared ? k : e * n + k]! });
    } else {
      const means = iv.value === 'mean' ? columnMeans(stateOf(baseline!, ref.kind, l)) : null;
      clamps.push({ layer: l, units: iv.units, values: (_e, k) => (means ? means[iv.units[k]!]! : 0) });
    }
  }
  const changes = (e: number): LayerChanges[] => {
    const clamped: (Float64Array | null)[] = hiddenSizes.map(() => null);
    for (const c of clamps) {
      const values = clamped[c.layer] ?? new Float64Array(hiddenSizes[c.layer]!).fill(Number.NaN);
      clamped[c.layer] = values;
      c.units.forEach((unit, k) => {
        values[unit] = c.values(e, k);
      });
    }
    return hiddenSizes.map((_, l) => ({ addedCharge: added[l] ?? null, clampedCharge: clamped[l] ?? null }));
  };
  const applyToReadout = (readout: Matrix) => {
    for (const iv of readoutList) applyDirect(readout, iv, rows, baseline?.readout ?? null);
  };
  return { changes, applyToReadout };
}

function stateOf(reading: BatchReading, kind: 'drive' | 'counts', l: number): Matrix {
  return kind === 'drive' ? reading.drives[l]! : reading.counts[l]!;
}

function columnMeans(m: Matrix): Float64Array {
  const means = new Float64Array(m.cols);
  for (let e = 0; e < m.rows; e++) for (let j = 0; j < m.cols; j++) means[j]! += m.data[e * m.cols + j]!;
  return means.map((x) => x / m.rows);
}

/** An intervention on a state matrix itself (the readout's drive). */
function applyDirect(state: Matrix, iv: Intervention, rows: number, baseline: Matrix | null): void {
  const { cols, data } = state;
  if (iv.kind === 'add') {
    const scale = iv.scale ?? 1;
    for (let e = 0; e < rows; e++)
      for (let j = 0; j < cols; j++) data[e * cols + j]! += scale * iv.vector[j]!;
    return;
  }
  const n = iv.units.length;
  const means = iv.kind === 'ablate' && iv.value === 'mean' ? columnMeans(baseline ?? matrix(0, cols)) : null;
  for (let e = 0; e < rows; e++)
    iv.units.forEach((unit, k) => {
      data[e * cols + unit] =
        iv.kind === 'clamp' ? iv.values[iv.values.length === n ? k : e * n + k]! : means ? means[unit]! : 0;
    });
}
