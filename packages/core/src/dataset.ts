import type { Matrix } from './matrix.js';

/**
 * One output head. Output columns are the heads laid side by side in order:
 * - `class`: `size` scores, one per class; the target is one-hot; predicted class = argmax.
 * - `binary`: `size` independent bits; target 0/1; predicted bit = score > 0.5.
 * - `real`: `size` real values; target the value.
 */
export interface OutputHead {
  readonly name: string;
  readonly kind: 'class' | 'binary' | 'real';
  readonly size: number;
}

/** Inputs and targets of one split; row i of each is example i. */
export interface Split {
  readonly inputs: Matrix;
  readonly targets: Matrix;
}

/** What a substrate is trained and tested on. Domains extend this with latents (see LabelledSplit). */
export interface Dataset {
  /** e.g. `boolean/L2/s0`. */
  readonly name: string;
  /** Names of the input columns (length = inputs.cols). */
  readonly inputNames: readonly string[];
  /** Output heads; their sizes add up to targets.cols. */
  readonly heads: readonly OutputHead[];
  readonly train: Split;
  readonly test: Split;
}

/** A ground-truth variable a correct mechanism must compute, one value per example. */
export interface Latent {
  readonly name: string;
  readonly kind: 'binary' | 'categorical' | 'continuous';
  /** Number of categories (categorical), 2 (binary); absent for continuous. */
  readonly categories?: number;
  /** One value per example (category index for categorical, 0/1 for binary). */
  readonly values: Float32Array;
}

/** A split with its ground-truth latents. */
export interface LabelledSplit extends Split {
  readonly latents: readonly Latent[];
}

/** Total output width of a list of heads. */
export function outputWidth(heads: readonly OutputHead[]): number {
  return heads.reduce((n, h) => n + h.size, 0);
}
