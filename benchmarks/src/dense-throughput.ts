import { matrix } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { epochThroughput } from './epoch-throughput.js';
import { inFreshIsolate } from './fresh-isolate.js';
import type { BenchSize } from './harness.js';
import { matrixProductsOnly } from './matrix-products-only.js';
import { randomImages } from './random-images.js';

/** Backends `SCRUTABLE_TF_BACKEND` can force, in the order they are tried. */
export const TF_BACKENDS = ['node', 'wasm', 'cpu'] as const;
export type TfBackend = (typeof TF_BACKENDS)[number];

/** Training and observe throughput of the reference MLP on one TensorFlow.js backend. */
export interface DenseThroughput {
  /** The backend as the substrate reports it, e.g. `tfjs-wasm`. */
  backend: string;
  /** Training samples/s, one per timed epoch. */
  training: number[];
  /** Training samples per CPU second of the process, for the same epochs. */
  trainingPerCpuSecond: number[];
  /** Samples/s of a step that were only its five matrix products, one per repeat (`matrixProductsOnly`). */
  matrixProducts: number[];
  /** The same per CPU second. */
  matrixProductsPerCpuSecond: number[];
  /** Forward passes/s reading every site, one per repeat. */
  observing: number[];
  sizes: [number, number, number];
  rows: number;
  observeBatch: number;
}

/**
 * The reference model (784-256-10 ReLU, Adam, batch 128; 64-32-10 at tiny size) on the backend this
 * thread selected: training throughput through `fit` (one sample = one epoch, timed between
 * progress callbacks after a warm-up epoch; no validation hold-out, so every row is trained on), the
 * rate of the step's matrix products alone, then `observe` throughput after a warm-up pass.
 */
export async function denseThroughput(size: BenchSize, repeats: number): Promise<DenseThroughput> {
  const [width, hidden, classes, rows] = size === 'full' ? [784, 256, 10, 10240] : [64, 32, 10, 512];
  const data = randomImages(rows, width, classes, 1);
  const substrate = dense.create({
    config: { hidden: [hidden], activation: 'relu', batchSize: 128, validationFraction: 0 },
  });
  try {
    const training = await epochThroughput(substrate, data, repeats);
    const products = matrixProductsOnly([width, hidden, classes], 128, repeats);
    const observeBatch = Math.min(rows, 1024);
    const batch = matrix(observeBatch, width, data.train.inputs.data.subarray(0, observeBatch * width));
    await substrate.observe(batch);
    const observing: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      await substrate.observe(batch);
      observing.push(batch.rows / ((performance.now() - started) / 1000));
    }
    return {
      backend: substrate.info.backend ?? 'unknown',
      training: training.perWallSecond,
      trainingPerCpuSecond: training.perCpuSecond,
      matrixProducts: products.perWallSecond,
      matrixProductsPerCpuSecond: products.perCpuSecond,
      observing,
      sizes: [width, hidden, classes],
      rows,
      observeBatch,
    };
  } finally {
    substrate.dispose();
  }
}

/**
 * `denseThroughput` on one backend, in a fresh isolate: the backend is chosen once per thread
 * (`SCRUTABLE_TF_BACKEND`), so each backend gets a TensorFlow.js of its own. Resolves to the reason
 * when the backend is not available here.
 */
export async function denseThroughputOn(
  backend: TfBackend,
  size: BenchSize,
  repeats: number,
): Promise<DenseThroughput | { unavailable: string }> {
  try {
    return await inFreshIsolate<DenseThroughput>(
      'dense-throughput-worker',
      { size, repeats },
      { ...process.env, SCRUTABLE_TF_BACKEND: backend },
    );
  } catch (e) {
    // The substrate reports a backend it cannot initialise as BAD_CONFIG; anything else is a failure.
    if ((e as { code?: string }).code === 'BAD_CONFIG') return { unavailable: (e as Error).message };
    throw e;
  }
}

/** `denseThroughputOn` the backend the substrate picks by default: the first available in TF_BACKENDS. */
export async function defaultDenseThroughput(size: BenchSize, repeats: number): Promise<DenseThroughput> {
  for (const backend of TF_BACKENDS) {
    const result = await denseThroughputOn(backend, size, repeats);
    if (!('unavailable' in result)) return result;
  }
  throw new Error('no TensorFlow.js backend is available');
}
