import {
  accuracy,
  hashSeed,
  type LabelledSplit,
  type Matrix,
  type OutputHead,
  Rng,
  takeRows,
} from '@scrutable/core';
import { CholeskyDecomposition, Matrix as MlMatrix } from 'ml-matrix';

/** Ridge strengths tried, per training row on standardized inputs (so they mean the same at any size). */
export const RIDGE_STRENGTHS = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100] as const;
/** Share of the training rows held out to choose the ridge strength. */
const VALIDATION_FRACTION = 0.2;
/** Share of the way from chance to perfect the linear baseline must reach for a level to be trivial. */
export const TRIVIAL_SHARE = 0.8;

/** A dataset the baseline can score: its splits and the layout of its targets. */
export interface BaselineData {
  readonly heads: readonly OutputHead[];
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  /** Seeds the validation split. */
  readonly seed: number;
}

/** What a linear readout of the raw inputs reaches, and which ridge strength got there. */
export interface LinearBaseline {
  /** Test accuracy, counted like core `accuracy`. */
  readonly accuracy: number;
  /** The ridge strength per training row chosen on the validation rows. */
  readonly strength: number;
}

/**
 * The linear baseline: a ridge regression from the standardized raw inputs (with an intercept) to the
 * target rows (one-hot classes, bits), read like a substrate's outputs (argmax per class head, 0.5 per
 * bit). The strength is the one of RIDGE_STRENGTHS with the best accuracy on a seeded fifth of the
 * training rows when fitted on the rest (the larger on a tie); it is then refitted on every training
 * row and scored on the test split.
 */
export function linearBaseline(data: BaselineData): LinearBaseline {
  const n = data.train.inputs.rows;
  const order = new Rng(hashSeed(data.seed, 'linear-baseline')).permutation(n);
  const held = Math.max(1, Math.round(n * VALIDATION_FRACTION));
  const validation = order.slice(0, held);
  const fit = order.slice(held);
  let best = { strength: RIDGE_STRENGTHS[0] as number, score: Number.NEGATIVE_INFINITY };
  if (fit.length > 0) {
    const readout = new RidgeReadout(data.train.inputs, data.train.targets, fit);
    for (const strength of RIDGE_STRENGTHS) {
      const score = accuracy(
        readout.predict(data.train.inputs, validation, strength),
        takeRows(data.train.targets, validation),
        data.heads,
      );
      if (score >= best.score) best = { strength, score };
    }
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const readout = new RidgeReadout(data.train.inputs, data.train.targets, all);
  const testRows = Array.from({ length: data.test.inputs.rows }, (_, i) => i);
  const outputs = readout.predict(data.test.inputs, testRows, best.strength);
  return { accuracy: accuracy(outputs, data.test.targets, data.heads), strength: best.strength };
}

/**
 * Gives `task` the read-only properties `linear` (the linear baseline's test accuracy, computed on
 * first read and kept) and `trivial` (it reaches chance + TRIVIAL_SHARE · (1 − chance)).
 */
export function withLinearBaseline<T extends BaselineData & { readonly chance: number }>(
  task: T,
): T & { readonly linear: number; readonly trivial: boolean } {
  let linear: number | undefined;
  const measured = () => {
    linear ??= linearBaseline(task).accuracy;
    return linear;
  };
  return Object.defineProperties(task, {
    linear: { get: measured, enumerable: true },
    trivial: { get: () => isTrivial(task.chance, measured()), enumerable: true },
  }) as T & { readonly linear: number; readonly trivial: boolean };
}

/** True when the linear baseline reaches chance + TRIVIAL_SHARE · (1 − chance). */
export function isTrivial(chance: number, linear: number): boolean {
  return linear >= chance + TRIVIAL_SHARE * (1 - chance) - 1e-12;
}

/**
 * Ridge regression on the listed rows, with inputs centred and scaled by the rows' statistics and the
 * targets centred (so the intercept is the targets' mean and is not penalised). The Gram matrix is
 * formed once; each strength is one Cholesky solve.
 */
class RidgeReadout {
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;
  private readonly targetMean: Float64Array;
  private readonly gram: MlMatrix;
  private readonly cross: MlMatrix;
  private readonly rows: number;

  constructor(inputs: Matrix, targets: Matrix, rows: readonly number[]) {
    const d = inputs.cols;
    const k = targets.cols;
    this.rows = rows.length;
    this.mean = new Float64Array(d);
    this.scale = new Float64Array(d);
    this.targetMean = new Float64Array(k);
    for (const r of rows) {
      for (let j = 0; j < d; j++) this.mean[j]! += inputs.data[r * d + j]! / rows.length;
      for (let c = 0; c < k; c++) this.targetMean[c]! += targets.data[r * k + c]! / rows.length;
    }
    const squares = new Float64Array(d);
    for (const r of rows)
      for (let j = 0; j < d; j++) squares[j]! += (inputs.data[r * d + j]! - this.mean[j]!) ** 2;
    // A constant column carries nothing: scale 0 leaves it out.
    for (let j = 0; j < d; j++) {
      const sd = Math.sqrt(squares[j]! / rows.length);
      this.scale[j] = sd > 1e-8 ? 1 / sd : 0;
    }
    const x = this.standardized(inputs, rows);
    const y = new MlMatrix(rows.length, k);
    rows.forEach((r, i) => {
      for (let c = 0; c < k; c++) y.set(i, c, targets.data[r * k + c]! - this.targetMean[c]!);
    });
    this.gram = x.transpose().mmul(x);
    this.cross = x.transpose().mmul(y);
  }

  /** Outputs on the listed rows of `inputs` with ridge strength `strength` per training row. */
  predict(inputs: Matrix, rows: readonly number[], strength: number): Matrix {
    const penalised = this.gram.clone();
    for (let j = 0; j < penalised.rows; j++) penalised.set(j, j, penalised.get(j, j) + strength * this.rows);
    const weights = new CholeskyDecomposition(penalised).solve(this.cross);
    const out = this.standardized(inputs, rows).mmul(weights);
    const k = this.targetMean.length;
    const data = new Float32Array(rows.length * k);
    for (let i = 0; i < rows.length; i++)
      for (let c = 0; c < k; c++) data[i * k + c] = out.get(i, c) + this.targetMean[c]!;
    return { rows: rows.length, cols: k, data };
  }

  private standardized(inputs: Matrix, rows: readonly number[]): MlMatrix {
    const d = inputs.cols;
    const x = new MlMatrix(rows.length, d);
    rows.forEach((r, i) => {
      for (let j = 0; j < d; j++) x.set(i, j, (inputs.data[r * d + j]! - this.mean[j]!) * this.scale[j]!);
    });
    return x;
  }
}
