import type { Matrix, Rng } from '@scrutable/core';

/** Units whose standard deviation is at most this carry no direction to steer along. */
const CONSTANT_SD = 1e-9;

/** Mean state difference (rows in `plus` minus rows in `minus`) of one matrix, or of two. */
export function meanDifference(
  plus: Matrix,
  plusRows: readonly number[],
  minus: Matrix,
  minusRows: readonly number[],
): Float32Array {
  const v = new Float64Array(plus.cols);
  for (const r of plusRows)
    for (let j = 0; j < plus.cols; j++) v[j]! += plus.data[r * plus.cols + j]! / plusRows.length;
  for (const r of minusRows)
    for (let j = 0; j < minus.cols; j++) v[j]! -= minus.data[r * minus.cols + j]! / minusRows.length;
  return Float32Array.from(v);
}

/** Per-unit standard deviation of a site's states over `rows`. */
export function siteSd(states: Matrix, rows: readonly number[]): Float64Array {
  const d = states.cols;
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  for (const r of rows)
    for (let j = 0; j < d; j++) {
      const x = states.data[r * d + j]!;
      mean[j]! += x / rows.length;
      square[j]! += (x * x) / rows.length;
    }
  return mean.map((m, j) => Math.sqrt(Math.max(0, square[j]! - m * m)));
}

/**
 * The direction rescaled so the units move by `coefficientSd` of their own standard deviations, root
 * mean square over the units that vary: v_j = c · d_j / rms_k(d_k / sd_k). Constant units get 0.
 */
export function sdScaledVector(
  direction: Float32Array,
  sd: Float64Array,
  coefficientSd: number,
): Float32Array {
  let sum = 0;
  let varying = 0;
  for (let j = 0; j < direction.length; j++)
    if (sd[j]! > CONSTANT_SD) {
      sum += (direction[j]! / sd[j]!) ** 2;
      varying++;
    }
  const rms = varying ? Math.sqrt(sum / varying) : 0;
  return Float32Array.from(direction, (x, j) =>
    rms > 0 && sd[j]! > CONSTANT_SD ? (coefficientSd * x) / rms : 0,
  );
}

/** A seeded random direction with the same Euclidean norm as `vector` (the equal-norm control). */
export function randomDirection(vector: Float32Array, rng: Rng): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  const g = Float64Array.from(vector, () => rng.normal());
  let gNorm = 0;
  for (const x of g) gNorm += x * x;
  const k = gNorm > 0 ? Math.sqrt(norm / gNorm) : 0;
  return Float32Array.from(g, (x) => x * k);
}
