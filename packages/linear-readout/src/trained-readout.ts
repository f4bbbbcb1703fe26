import {
  accuracy,
  check,
  type Matrix,
  matrix,
  type OutputHead,
  outputWidth,
  Rng,
  takeRows,
} from '@scrutable/core';

/**
 * A generalised-linear map from unit states to the output heads: the states are standardised, then
 * z = x·W + b, and each head applies its own link: softmax for a class head, the logistic function per
 * bit of a binary head, the identity for a real head. Trained by minimising the matching loss
 * (cross-entropy, or half the squared error) plus λ/2·|W|², which for every head has the gradient
 * (link(z) − y)·x + λW.
 */
export interface TrainedReadout {
  readonly heads: readonly OutputHead[];
  /** Column means and inverse standard deviations (0 for a constant column) of the training states. */
  readonly mean: Float32Array;
  readonly scale: Float32Array;
  /** [states x output width], row-major. */
  readonly weights: Float32Array;
  /** One per output column. */
  readonly bias: Float32Array;
  /** The L2 strength it was trained with. */
  readonly lambda: number;
}

/** How to train a readout. */
export interface TrainedReadoutOptions {
  /** Seed of the split into cross-validation folds. */
  readonly seed: number;
  /** Candidate L2 strengths; the one with the best cross-validated accuracy wins (ties: the larger). */
  readonly lambdas?: readonly number[];
  /** Folds of the cross-validation that chooses λ (each row is held out once). */
  readonly folds?: number;
  /** Full-batch Adam steps per fit. */
  readonly steps?: number;
  readonly learningRate?: number;
}

/** A fitted readout and how λ was chosen. */
export interface TrainedReadoutFit {
  readonly readout: TrainedReadout;
  /** Cross-validated accuracy per candidate λ (in the order given): the mean over the folds. */
  readonly validation: readonly { readonly lambda: number; readonly accuracy: number }[];
}

export const DEFAULT_LAMBDAS: readonly number[] = [1e-3, 1e-2, 1e-1, 1, 10];

/**
 * Chooses λ by k-fold cross-validation over seeded folds (small training sets make one held-out share
 * too noisy to choose by), then trains on every row with it. Deterministic: the weights start at 0 and
 * every step uses the whole batch.
 */
export function fitTrainedReadout(
  states: Matrix,
  targets: Matrix,
  heads: readonly OutputHead[],
  options: TrainedReadoutOptions,
): TrainedReadoutFit {
  const lambdas = options.lambdas ?? DEFAULT_LAMBDAS;
  const folds = Math.min(options.folds ?? 4, states.rows);
  check(states.rows === targets.rows, 'readout: states and targets need the same rows', 'BAD_INPUT');
  check(targets.cols === outputWidth(heads), 'readout: targets do not match the heads', 'BAD_INPUT');
  check(states.rows >= 2, 'readout: at least two rows are needed', 'BAD_INPUT');
  check(lambdas.length > 0 && lambdas.every((l) => l >= 0), 'readout: lambdas must be >= 0', 'BAD_INPUT');
  check(Number.isInteger(folds) && folds >= 2, 'readout: folds must be an integer >= 2', 'BAD_INPUT');
  const order = new Rng(options.seed).permutation(states.rows);
  const fold = (k: number) => order.filter((_, i) => i % folds === k);
  const validation = lambdas.map((lambda) => {
    let sum = 0;
    for (let k = 0; k < folds; k++) {
      const held = fold(k);
      const rest = order.filter((_, i) => i % folds !== k);
      const outputs = applyTrainedReadout(
        train(states, targets, heads, rest, lambda, options),
        takeRows(states, held),
      );
      sum += accuracy(outputs, takeRows(targets, held), heads);
    }
    return { lambda, accuracy: sum / folds };
  });
  let best = validation[0]!;
  for (const v of validation)
    if (v.accuracy > best.accuracy || (v.accuracy === best.accuracy && v.lambda > best.lambda)) best = v;
  const all = Array.from({ length: states.rows }, (_, i) => i);
  return { readout: train(states, targets, heads, all, best.lambda, options), validation };
}

/** Output scores [rows x output width] of the readout for unit states [rows x units]. */
export function applyTrainedReadout(readout: TrainedReadout, states: Matrix): Matrix {
  const d = readout.mean.length;
  check(states.cols === d, `readout: expected ${d} state columns, got ${states.cols}`, 'BAD_INPUT');
  const x = standardized(
    states,
    readout,
    Array.from({ length: states.rows }, (_, i) => i),
  );
  const z = linear(x, states.rows, d, readout.weights, readout.bias);
  link(z, states.rows, readout.heads);
  return matrix(states.rows, readout.bias.length, Float32Array.from(z));
}

/**
 * One readout trained on the listed rows with a fixed λ, by full-batch Adam from zero weights.
 *
 * Columns that are constant over the rows (a neuron that never fires) standardise to 0: they add
 * nothing to z, and their weights' gradient is λ·0 = 0 from the zero start, so Adam never moves them;
 * training runs on the varying columns alone and leaves the others' weights at 0. Every score and
 * gradient entry is a dot product whose terms are added in the same order as the plain loops over
 * columns (for z) and rows (for the gradient) would add them, so the weights are bit for bit those of
 * the plain loops, which read memory with strides instead.
 */
function train(
  states: Matrix,
  targets: Matrix,
  heads: readonly OutputHead[],
  rows: readonly number[],
  lambda: number,
  options: TrainedReadoutOptions,
): TrainedReadout {
  const steps = options.steps ?? 300;
  const rate = options.learningRate ?? 0.05;
  const width = targets.cols;
  const n = rows.length;
  const { mean, scale } = standardizer(states, rows);
  const varying = [...scale.keys()].filter((j) => scale[j] !== 0);
  const d = varying.length;
  const x = standardized(states, { mean, scale }, rows, varying); // [n x d]
  const xByColumn = transposed(x, n, d); // [d x n]
  const y = new Float64Array(n * width);
  rows.forEach((r, i) => {
    for (let k = 0; k < width; k++) y[i * width + k] = targets.data[r * width + k]!;
  });
  // Weights by output column ([width x d]: column k's weights over the varying states), then biases.
  const params = new Float64Array(width * d + width);
  const moment = new Float64Array(params.length);
  const velocity = new Float64Array(params.length);
  const grad = new Float64Array(params.length);
  const z = new Float64Array(n * width);
  const errorByColumn = new Float64Array(width * n); // [width x n]
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  for (let step = 1; step <= steps; step++) {
    for (let k = 0; k < width; k++) scores(x, n, d, params, k * d, params[width * d + k]!, z, k, width);
    link(z, n, heads);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < width; k++) errorByColumn[k * n + i] = (z[i * width + k]! - y[i * width + k]!) / n;
    for (let k = 0; k < width; k++) {
      const error = k * n;
      let bias = 0;
      for (let i = 0; i < n; i++) bias += errorByColumn[error + i]!;
      grad[width * d + k] = bias;
      scores(xByColumn, d, n, errorByColumn, error, 0, grad, k * d, 1);
      for (let j = 0; j < d; j++) grad[k * d + j]! += lambda * params[k * d + j]!;
    }
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (let j = 0; j < params.length; j++) {
      moment[j] = beta1 * moment[j]! + (1 - beta1) * grad[j]!;
      velocity[j] = beta2 * velocity[j]! + (1 - beta2) * grad[j]! ** 2;
      params[j]! -= (rate * moment[j]!) / c1 / (Math.sqrt(velocity[j]! / c2) + epsilon);
    }
  }
  const weights = new Float32Array(states.cols * width);
  varying.forEach((column, j) => {
    for (let k = 0; k < width; k++) weights[column * width + k] = params[k * d + j]!;
  });
  // Float32 state, so a saved and loaded readout gives the same outputs.
  return {
    heads: heads.map((h) => ({ ...h })),
    mean: Float32Array.from(mean),
    scale: Float32Array.from(scale),
    weights,
    bias: Float32Array.from(params.subarray(width * d)),
    lambda,
  };
}

/**
 * out[at + r·stride] = start + Σ_c a[r, c]·v[offset + c] for every row r of a [rows x cols] row-major,
 * each sum added up in column order. Four rows at a time: their sums are independent, so the
 * processor overlaps them, while each keeps its own order (and so its exact value).
 */
function scores(
  a: Float64Array,
  rows: number,
  cols: number,
  v: Float64Array,
  offset: number,
  start: number,
  out: Float64Array,
  at: number,
  stride: number,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const [a0, a1, a2, a3] = [r * cols, (r + 1) * cols, (r + 2) * cols, (r + 3) * cols];
    let [s0, s1, s2, s3] = [start, start, start, start];
    for (let c = 0; c < cols; c++) {
      const w = v[offset + c]!;
      s0 += a[a0 + c]! * w;
      s1 += a[a1 + c]! * w;
      s2 += a[a2 + c]! * w;
      s3 += a[a3 + c]! * w;
    }
    out[at + r * stride] = s0;
    out[at + (r + 1) * stride] = s1;
    out[at + (r + 2) * stride] = s2;
    out[at + (r + 3) * stride] = s3;
  }
  for (; r < rows; r++) {
    let sum = start;
    for (let c = 0; c < cols; c++) sum += a[r * cols + c]! * v[offset + c]!;
    out[at + r * stride] = sum;
  }
}

/** A [rows x cols] row-major array as [cols x rows]. */
function transposed(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}

/** Column means and inverse standard deviations over the listed rows. */
function standardizer(states: Matrix, rows: readonly number[]): { mean: Float64Array; scale: Float64Array } {
  const d = states.cols;
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += states.data[r * d + j]! / rows.length;
  for (const r of rows)
    for (let j = 0; j < d; j++) square[j]! += (states.data[r * d + j]! - mean[j]!) ** 2 / rows.length;
  const scale = square.map((s) => (s > 1e-12 ? 1 / Math.sqrt(s) : 0));
  return { mean, scale };
}

/** The listed rows, standardised, as a dense [rows x columns] array (every column when none are listed). */
function standardized(
  states: Matrix,
  s: { readonly mean: ArrayLike<number>; readonly scale: ArrayLike<number> },
  rows: readonly number[],
  columns?: readonly number[],
): Float64Array {
  const d = states.cols;
  const kept = columns ?? Array.from({ length: d }, (_, j) => j);
  const w = kept.length;
  const x = new Float64Array(rows.length * w);
  rows.forEach((r, i) => {
    kept.forEach((j, c) => {
      x[i * w + c] = (states.data[r * d + j]! - s.mean[j]!) * s.scale[j]!;
    });
  });
  return x;
}

/** z = x·W + b for n rows. */
function linear(
  x: Float64Array,
  n: number,
  d: number,
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
): Float64Array {
  const width = bias.length;
  const z = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < width; k++) z[i * width + k] = bias[k]!;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (v === 0) continue;
      for (let k = 0; k < width; k++) z[i * width + k]! += v * weights[j * width + k]!;
    }
  }
  return z;
}

/** Applies each head's link in place: softmax, logistic, or identity. */
function link(z: Float64Array, n: number, heads: readonly OutputHead[]): void {
  const width = z.length / n;
  for (let i = 0; i < n; i++) {
    let start = i * width;
    for (const head of heads) {
      if (head.kind === 'class') {
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < head.size; k++) max = Math.max(max, z[start + k]!);
        let sum = 0;
        for (let k = 0; k < head.size; k++) {
          z[start + k] = Math.exp(z[start + k]! - max);
          sum += z[start + k]!;
        }
        for (let k = 0; k < head.size; k++) z[start + k]! /= sum;
      } else if (head.kind === 'binary')
        for (let k = 0; k < head.size; k++) z[start + k] = 1 / (1 + Math.exp(-z[start + k]!));
      start += head.size;
    }
  }
}
