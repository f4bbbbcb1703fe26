import { matrix, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { crossProduct, fitStandardizer, gram, solveRidge, standardize } from './ridge.js';
import { SiteProbe } from './site-probe.js';
import { latentTarget } from './targets.js';

/** Gaussian elimination with partial pivoting: the reference solver, independent of ml-matrix. */
function gaussSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

function plantedLinear(n: number, d: number, noise: number, seed: number) {
  const rng = new Rng(seed);
  const beta = Array.from({ length: d }, () => rng.normal());
  const x = matrix(
    n,
    d,
    Float32Array.from({ length: n * d }, () => rng.normal(0, 1 + rng.float())),
  );
  const y = Float32Array.from({ length: n }, (_, i) => {
    let s = 0.5;
    for (let j = 0; j < d; j++) s += beta[j]! * x.data[i * d + j]!;
    return s + rng.normal(0, noise);
  });
  return { x, y, beta };
}

describe('ridge probe', () => {
  it('matches a brute-force normal-equations solve on planted linear data', () => {
    const { x, y } = plantedLinear(120, 6, 0.3, 1);
    const lambda = 2.5;
    const s = fitStandardizer(x);
    const xs = standardize(x, s);
    const ys = { rows: y.length, cols: 1, data: Float64Array.from(y) };
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const probe = solveRidge(gram(xs), crossProduct(xs, ys), 6, 1, lambda, Float64Array.of(mean));
    // Reference: (ZᵀZ + λI) w = Zᵀ(y − ȳ), built element by element from the standardized rows.
    const z = Array.from({ length: x.rows }, (_, i) => Array.from(xs.data.subarray(i * 6, i * 6 + 6)));
    const a = Array.from({ length: 6 }, (_, p) =>
      Array.from(
        { length: 6 },
        (_, q) => z.reduce((sum, r) => sum + r[p]! * r[q]!, 0) + (p === q ? lambda : 0),
      ),
    );
    const b = Array.from({ length: 6 }, (_, p) => z.reduce((sum, r, i) => sum + r[p]! * (y[i]! - mean), 0));
    const expected = gaussSolve(a, b);
    expected.forEach((w, j) => {
      expect(probe.weights[j]).toBeCloseTo(w, 8);
    });
  });

  it('recovers the explainable share of variance on held-out data, and nothing from pure noise', () => {
    const noise = 1;
    const { x, y, beta } = plantedLinear(900, 5, noise, 2);
    const train = matrix(600, 5, x.data.slice(0, 3000));
    const test = matrix(300, 5, x.data.slice(3000));
    const rows = Array.from({ length: 600 }, (_, i) => i);
    const probe = new SiteProbe(train, test, rows.slice(0, 450), rows.slice(450));
    const target = latentTarget('y', 'continuous', undefined, y.slice(0, 600), y.slice(600));
    // Closed form: R² = Var(xβ) / (Var(xβ) + σ²), with Var(xβ) computed from the test rows.
    const signal = Array.from({ length: 300 }, (_, i) =>
      beta.reduce((s, b, j) => s + b * test.data[i * 5 + j]!, 0),
    );
    const m = signal.reduce((a, b) => a + b, 0) / signal.length;
    const varSignal = signal.reduce((s, v) => s + (v - m) ** 2, 0) / signal.length;
    const expected = varSignal / (varSignal + noise ** 2);
    expect(probe.evaluate(target).test).toBeGreaterThan(expected - 0.05);
    expect(probe.evaluate(target).test).toBeLessThan(expected + 0.05);
    const rng = new Rng(3);
    const pure = latentTarget(
      'noise',
      'continuous',
      undefined,
      Float32Array.from({ length: 600 }, () => rng.normal()),
      Float32Array.from({ length: 300 }, () => rng.normal()),
    );
    expect(probe.evaluate(pure).test).toBeLessThan(0.05);
  });

  it('finds the one planted unit of a binary latent first, and scores chance as 0', () => {
    const rng = new Rng(4);
    const n = 400;
    const bits = Float32Array.from({ length: n }, () => rng.int(2));
    const x = matrix(
      n,
      8,
      Float32Array.from({ length: n * 8 }, (_, k) => (k % 8 === 5 ? bits[k >> 3]! : rng.normal())),
    );
    const rows = Array.from({ length: 300 }, (_, i) => i);
    const train = matrix(300, 8, x.data.slice(0, 2400));
    const test = matrix(100, 8, x.data.slice(2400));
    const probe = new SiteProbe(train, test, rows.slice(0, 220), rows.slice(220));
    const target = latentTarget('bit', 'binary', 2, bits.slice(0, 300), bits.slice(300));
    const sparse = probe.greedy(target, 3, 0.2);
    expect(sparse.units[0]).toBe(5);
    expect(sparse.testByStep[0]).toBe(1);
    expect(SiteProbe.neededUnits(sparse)).toEqual([5]);
    const shuffled = latentTarget(
      'other',
      'binary',
      2,
      Float32Array.from({ length: 300 }, () => rng.int(2)),
      Float32Array.from({ length: 100 }, () => rng.int(2)),
    );
    expect(probe.evaluate(shuffled).test).toBeLessThan(0.25);
  });
});
