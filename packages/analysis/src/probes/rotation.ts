import { type Matrix, matrix, type Rng } from '@scrutable/core';

/**
 * A random n×n orthogonal matrix from the Haar distribution (row-major, float64): Gram–Schmidt on a
 * standard normal matrix, which equals QR with a positive diagonal of R.
 */
export function randomRotation(n: number, rng: Rng): Float64Array {
  const q = Float64Array.from({ length: n * n }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    const v = q.subarray(i * n, (i + 1) * n);
    // Orthogonalised twice for numerical orthogonality ("twice is enough", Giraud et al. 2005).
    for (let pass = 0; pass < 2; pass++)
      for (let k = 0; k < i; k++) {
        const u = q.subarray(k * n, (k + 1) * n);
        let dot = 0;
        for (let j = 0; j < n; j++) dot += u[j]! * v[j]!;
        for (let j = 0; j < n; j++) v[j]! -= dot * u[j]!;
      }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += v[j]! ** 2;
    norm = Math.sqrt(norm);
    for (let j = 0; j < n; j++) v[j]! /= norm;
  }
  return q;
}

/** The states in a rotated basis: row i becomes Q·x_i, so unit j reads direction j of Q. */
export function rotateStates(states: Matrix, q: Float64Array): Matrix {
  const n = states.cols;
  const out = matrix(states.rows, n);
  for (let i = 0; i < states.rows; i++) {
    const x = states.data.subarray(i * n, (i + 1) * n);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += q[j * n + k]! * x[k]!;
      out.data[i * n + j] = sum;
    }
  }
  return out;
}
