import { matrix, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { editReadout, READOUT_VIEW, readoutView } from './readout-view.js';
import { applyTrainedReadout, fitTrainedReadout } from './trained-readout.js';

describe('a trained readout as a parameter view', () => {
  const rng = new Rng(5);
  const rows = 60;
  const d = 4;
  const states = matrix(
    rows,
    d,
    Float32Array.from({ length: rows * d }, (_, k) => rng.normal() * ((k % d) + 1)),
  );
  const targets = matrix(
    rows,
    2,
    Float32Array.from({ length: rows * 2 }, (_, k) => states.data[(k >> 1) * d + (k & 1)]!),
  );
  const heads = [{ name: 'y', kind: 'real' as const, size: 2 }];

  it('reads [outputs x units] from the site to the output, and an edit moves each output by Δ·(standardised state)', () => {
    const { readout } = fitTrainedReadout(states, targets, heads, { seed: 1 });
    const view = readoutView('exc', () => readout);
    expect(view).toMatchObject({ name: READOUT_VIEW, from: 'exc', to: 'output', rows: 2, cols: d });
    const values = view.read();
    for (let o = 0; o < 2; o++)
      for (let u = 0; u < d; u++) expect(values[o * d + u]).toBe(readout.weights[u * 2 + o]);
    const before = applyTrainedReadout(readout, states);
    const delta = Float32Array.from({ length: 2 * d }, (_, k) => (k === 1 ? 0.5 : k === d + 2 ? -0.25 : 0));
    editReadout(readout, delta);
    const after = applyTrainedReadout(readout, states);
    // real heads have the identity link: output o changes by Σ_u Δ[o,u]·(x_u − mean_u)·scale_u
    for (let r = 0; r < rows; r++) {
      const z = (u: number) => (states.data[r * d + u]! - readout.mean[u]!) * readout.scale[u]!;
      expect(after.data[r * 2]! - before.data[r * 2]!).toBeCloseTo(0.5 * z(1), 5);
      expect(after.data[r * 2 + 1]! - before.data[r * 2 + 1]!).toBeCloseTo(-0.25 * z(2), 5);
    }
    expect(() => editReadout(readout, new Float32Array(3))).toThrow(/needs 8 values/);
  });
});
