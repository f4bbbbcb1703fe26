import type { Latent } from '@scrutable/core';
import type { Dense } from './ridge.js';

/** A variable to probe for: one value per example on each split. */
export interface ProbeTarget {
  readonly name: string;
  readonly kind: Latent['kind'];
  /** Categories (categorical), 2 (binary), 1 (continuous). */
  readonly categories: number;
  readonly train: Float32Array;
  readonly test: Float32Array;
}

/** The probe target of a latent, given its values on the (subsampled) train and test splits. */
export function latentTarget(
  name: string,
  kind: Latent['kind'],
  categories: number | undefined,
  train: Float32Array,
  test: Float32Array,
): ProbeTarget {
  let k = kind === 'binary' ? 2 : 1;
  if (kind === 'categorical') {
    k = categories ?? 0;
    for (const v of train) k = Math.max(k, v + 1);
    for (const v of test) k = Math.max(k, v + 1);
  }
  return { name, kind, categories: k, train, test };
}

/** Regression targets for a probe: one-hot for categorical, the value itself otherwise. */
export function encodeTarget(target: ProbeTarget, values: Float32Array, rows?: readonly number[]): Dense {
  const idx = rows ?? Array.from({ length: values.length }, (_, i) => i);
  const c = target.kind === 'categorical' ? target.categories : 1;
  const data = new Float64Array(idx.length * c);
  idx.forEach((r, i) => {
    const v = values[r]!;
    if (target.kind === 'categorical') data[i * c + v] = 1;
    else data[i] = v;
  });
  return { rows: idx.length, cols: c, data };
}

/**
 * How well predictions recover the values, normalised so a constant guess scores 0 and a perfect
 * probe 1: R² for continuous latents; (accuracy − majority rate) / (1 − majority rate) for binary
 * (threshold 0.5) and categorical (argmax) latents. Negative values are kept (clamping is the
 * caller's choice); NaN when the values are constant (nothing to decode).
 */
export function probeScore(
  target: ProbeTarget,
  pred: Dense,
  values: Float32Array,
  rows?: readonly number[],
): number {
  const idx = rows ?? Array.from({ length: values.length }, (_, i) => i);
  const n = idx.length;
  if (n === 0) return Number.NaN;
  if (target.kind === 'continuous') {
    let mean = 0;
    for (const r of idx) mean += values[r]!;
    mean /= n;
    let sse = 0;
    let sst = 0;
    idx.forEach((r, i) => {
      sse += (pred.data[i]! - values[r]!) ** 2;
      sst += (values[r]! - mean) ** 2;
    });
    return sst < 1e-12 ? Number.NaN : 1 - sse / sst;
  }
  const counts = new Map<number, number>();
  let correct = 0;
  idx.forEach((r, i) => {
    const v = values[r]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    let guess: number;
    if (target.kind === 'binary') guess = pred.data[i]! > 0.5 ? 1 : 0;
    else {
      guess = 0;
      for (let k = 1; k < pred.cols; k++)
        if (pred.data[i * pred.cols + k]! > pred.data[i * pred.cols + guess]!) guess = k;
    }
    if (guess === v) correct++;
  });
  const majority = Math.max(...counts.values()) / n;
  return majority >= 1 ? Number.NaN : (correct / n - majority) / (1 - majority);
}
