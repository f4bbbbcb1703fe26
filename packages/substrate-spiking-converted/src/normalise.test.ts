import { matrix, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { normalise, percentile } from './normalise.js';
import { type AffineLayer, affine } from './relu-chain.js';

function randomLayer(rng: Rng, rows: number, cols: number): AffineLayer {
  return {
    rows,
    cols,
    weights: Float64Array.from({ length: rows * cols }, () => rng.normal(0, 1)),
    biases: Float64Array.from({ length: rows }, () => rng.normal(0, 0.5)),
  };
}

describe('percentile', () => {
  it('is the nearest-rank percentile a brute-force count agrees with', () => {
    const rng = new Rng(4);
    const values = Float64Array.from({ length: 997 }, () => rng.uniform(0, 10));
    for (const p of [1, 50, 99, 99.9, 100]) {
      const q = percentile(values, p);
      const atOrBelow = values.filter((v) => v <= q).length;
      // Nearest rank: the smallest value with at least p% of the values at or below it.
      expect(atOrBelow).toBeGreaterThanOrEqual((p / 100) * values.length);
      expect(values.filter((v) => v < q).length).toBeLessThan((p / 100) * values.length);
    }
    expect(percentile(new Float64Array(0), 99)).toBe(1);
  });
});

describe('data-based normalisation', () => {
  it('keeps the function: rates R·a/λ fed through the scaled weights give the source pre-activations', () => {
    const rng = new Rng(9);
    const sizes = [5, 7, 6, 3];
    const chain = { layers: sizes.slice(1).map((rows, l) => randomLayer(rng, rows, sizes[l]!)) };
    const train = matrix(
      40,
      5,
      Float32Array.from({ length: 200 }, () => rng.uniform(0, 1)),
    );
    const params = normalise(chain, train, 99, 500);
    const r = params.ratePerMs;
    const windowMs = 300;
    const x = Float64Array.from(train.data.subarray(0, 5));
    // The source, layer by layer, and the converted network's drive over a window with exact rates.
    let a = x;
    let counts = new Float64Array(0);
    chain.layers.forEach((layer, l) => {
      const pre = affine(layer, a, 1, layer.cols);
      const scaled = params.layers[l]!;
      const drive =
        l === 0
          ? affine(scaled, x, 1, layer.cols).map((v) => v * windowMs)
          : affine({ ...scaled, biases: scaled.biases.map((b) => b * windowMs) }, counts, 1, layer.cols);
      const lambda = l < params.lambdas.length ? params.lambdas[l]! : 1;
      pre.forEach((v, i) => {
        expect(drive[i]! / (r * windowMs)).toBeCloseTo(v / lambda, 9);
      });
      a = pre.map((v) => Math.max(0, v));
      counts = a.map((v) => (r * windowMs * v) / lambda);
    });
    expect(params.lambdas).toHaveLength(2);
  });
});
