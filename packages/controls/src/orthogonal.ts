import { type Matrix, matrix, Rng } from '@scrutable/core';

/**
 * A random n×n orthogonal matrix, uniformly distributed (Haar): Gram–Schmidt on a standard normal
 * matrix, which equals QR with a positive diagonal of R. Computed in float64, stored as float32.
 */
export function randomOrthogonal(n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, () => Float64Array.from({ length: n }, () => rng.normal()));
  for (let i = 0; i < n; i++) {
    const v = rows[i]!;
    // twice for numerical orthogonality ("twice is enough", Giraud et al. 2005)
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < i; k++) {
        const u = rows[k]!;
        let dot = 0;
        for (let j = 0; j < n; j++) dot += u[j]! * v[j]!;
        for (let j = 0; j < n; j++) v[j]! -= dot * u[j]!;
      }
    }
    const norm = Math.hypot(...v);
    for (let j = 0; j < n; j++) v[j]! /= norm;
  }
  const out = matrix(n, n);
  rows.forEach((r, i) => {
    out.data.set(r, i * n);
  });
  return out;
}

/** A · B for row-major matrices, accumulated in float64. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const out = matrix(a.rows, b.cols);
  const acc = new Float64Array(b.cols);
  for (let i = 0; i < a.rows; i++) {
    acc.fill(0);
    for (let k = 0; k < a.cols; k++) {
      const x = a.data[i * a.cols + k]!;
      if (x === 0) continue;
      for (let j = 0; j < b.cols; j++) acc[j]! += x * b.data[k * b.cols + j]!;
    }
    out.data.set(acc, i * b.cols);
  }
  return out;
}

/** The transpose. */
export function transpose(a: Matrix): Matrix {
  const out = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return out;
}
