import type { Matrix } from '@scrutable/core';
import { CholeskyDecomposition, Matrix as MlMatrix, solve } from 'ml-matrix';

/** A row-major float64 matrix (the probes' working format). */
export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Column means and scales fitted on training rows; constant columns get scale 0 (they carry nothing). */
export interface Standardizer {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Fits a standardizer on the listed rows of x (all rows when absent). */
export function fitStandardizer(x: Matrix, rows?: readonly number[]): Standardizer {
  const idx = rows ?? Array.from({ length: x.rows }, (_, i) => i);
  const d = x.cols;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (const r of idx) for (let j = 0; j < d; j++) mean[j]! += x.data[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(1, idx.length);
  for (const r of idx)
    for (let j = 0; j < d; j++) {
      const c = x.data[r * d + j]! - mean[j]!;
      sq[j]! += c * c;
    }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(sq[j]! / Math.max(1, idx.length));
    scale[j] = sd > 1e-8 ? 1 / sd : 0;
  }
  return { mean, scale };
}

/**
 * Column means, and one scale shared by every column: 1/√(mean column variance). A probe on these
 * features reads the site's state space whatever its basis: an orthogonal change of basis leaves the
 * Gram matrix's spectrum, the ridge penalty and so every prediction unchanged, which scaling each
 * column by its own SD would not (it stretches some directions of a rotated basis more than others).
 */
export function fitIsotropicScaler(x: Matrix, rows?: readonly number[]): Standardizer {
  const { mean, scale } = fitStandardizer(x, rows);
  let variance = 0;
  for (const s of scale) variance += s > 0 ? 1 / (s * s) : 0;
  variance /= Math.max(1, scale.length);
  return { mean, scale: new Float64Array(scale.length).fill(variance > 1e-16 ? 1 / Math.sqrt(variance) : 0) };
}

/** The listed rows of x, standardized. */
export function standardize(x: Matrix, s: Standardizer, rows?: readonly number[]): Dense {
  const idx = rows ?? Array.from({ length: x.rows }, (_, i) => i);
  const d = x.cols;
  const data = new Float64Array(idx.length * d);
  idx.forEach((r, i) => {
    for (let j = 0; j < d; j++) data[i * d + j] = (x.data[r * d + j]! - s.mean[j]!) * s.scale[j]!;
  });
  return { rows: idx.length, cols: d, data };
}

/** XᵀX. */
export function gram(x: Dense): Float64Array {
  const d = x.cols;
  const g = new Float64Array(d * d);
  for (let r = 0; r < x.rows; r++) {
    const off = r * d;
    for (let i = 0; i < d; i++) {
      const xi = x.data[off + i]!;
      if (xi === 0) continue;
      const gi = i * d;
      for (let j = i; j < d; j++) g[gi + j]! += xi * x.data[off + j]!;
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) g[i * d + j] = g[j * d + i]!;
  return g;
}

/** XᵀY for centred Y (Y's column means are subtracted). */
export function crossProduct(x: Dense, y: Dense): Float64Array {
  const d = x.cols;
  const c = y.cols;
  const means = columnMeans(y);
  const out = new Float64Array(d * c);
  for (let r = 0; r < x.rows; r++)
    for (let i = 0; i < d; i++) {
      const xi = x.data[r * d + i]!;
      if (xi === 0) continue;
      for (let k = 0; k < c; k++) out[i * c + k]! += xi * (y.data[r * c + k]! - means[k]!);
    }
  return out;
}

/** Column means. */
export function columnMeans(y: Dense): Float64Array {
  const m = new Float64Array(y.cols);
  for (let r = 0; r < y.rows; r++) for (let k = 0; k < y.cols; k++) m[k]! += y.data[r * y.cols + k]!;
  for (let k = 0; k < y.cols; k++) m[k]! /= Math.max(1, y.rows);
  return m;
}

/** A fitted linear map: prediction = intercept + x·W (W is [features x targets]). */
export interface LinearProbe {
  readonly weights: Float64Array;
  readonly intercept: Float64Array;
  /** Feature (column) indices the weights refer to. */
  readonly features: readonly number[];
}

/**
 * Ridge regression in closed form, W = (XᵀX + λI)⁻¹ XᵀY, on centred targets (features are already
 * standardized, so the intercept is the target mean). `features` restricts to a column subset, using
 * the sub-blocks of the precomputed Gram and cross-product.
 */
export function solveRidge(
  g: Float64Array,
  xty: Float64Array,
  d: number,
  c: number,
  lambda: number,
  intercept: Float64Array,
  features: readonly number[] = Array.from({ length: d }, (_, i) => i),
  factor: RidgeFactor = factorRidge(g, d, lambda, features),
): LinearProbe {
  const k = features.length;
  const b = new MlMatrix(k, c);
  for (let i = 0; i < k; i++) for (let t = 0; t < c; t++) b.set(i, t, xty[features[i]! * c + t]!);
  return { weights: Float64Array.from(factor(b).to1DArray()), intercept, features };
}

/** A factorised (XᵀX + λI) restricted to some features: solves it for any right-hand side. */
export type RidgeFactor = (b: MlMatrix) => MlMatrix;

/** Factorises (XᵀX + λI) on the feature subset once, so many targets can share it. */
export function factorRidge(
  g: Float64Array,
  d: number,
  lambda: number,
  features: readonly number[],
): RidgeFactor {
  const k = features.length;
  const a = new MlMatrix(k, k);
  for (let i = 0; i < k; i++) {
    const fi = features[i]!;
    for (let j = 0; j < k; j++) a.set(i, j, g[fi * d + features[j]!]! + (i === j ? lambda : 0));
  }
  const chol = new CholeskyDecomposition(a);
  // λ > 0 keeps the system positive definite; the general solver only guards rounding.
  return chol.isPositiveDefinite() ? (b) => chol.solve(b) : (b) => solve(a, b, true);
}

/** Predictions [rows x targets] of a probe on standardized features. */
export function predictProbe(probe: LinearProbe, x: Dense): Dense {
  const c = probe.intercept.length;
  const out = new Float64Array(x.rows * c);
  for (let r = 0; r < x.rows; r++) {
    for (let t = 0; t < c; t++) out[r * c + t] = probe.intercept[t]!;
    probe.features.forEach((f, i) => {
      const xv = x.data[r * x.cols + f]!;
      if (xv === 0) return;
      for (let t = 0; t < c; t++) out[r * c + t]! += xv * probe.weights[i * c + t]!;
    });
  }
  return { rows: x.rows, cols: c, data: out };
}

/** Mean squared error between predictions and targets. */
export function meanSquaredError(pred: Dense, y: Dense): number {
  let s = 0;
  for (let i = 0; i < pred.data.length; i++) s += (pred.data[i]! - y.data[i]!) ** 2;
  return s / Math.max(1, pred.data.length);
}
