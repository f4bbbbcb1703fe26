import {
  accuracy,
  type Dataset,
  type FitOptions,
  type FitReport,
  glorotLayers,
  type Matrix,
  outputWidth,
  Rng,
} from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { AccuracyCurve } from './accuracy-curve.js';
import type { ResolvedConfig } from './config.js';
import { GradientStep } from './gradient-step.js';
import { headLoss } from './heads.js';
import { DenseNetwork } from './network.js';

/** Rows `indices[start..end)` of a matrix, as a tensor. */
function rowsTensor(m: Matrix, indices: readonly number[], start = 0, end = indices.length): tf.Tensor2D {
  const out = new Float32Array((end - start) * m.cols);
  for (let k = start; k < end; k++) {
    const r = indices[k]!;
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), (k - start) * m.cols);
  }
  return tf.tensor2d(out, [end - start, m.cols]);
}

/** Reads a scalar tensor and frees it. */
function scalarValue(t: tf.Scalar): number {
  const value = t.dataSync()[0]!;
  t.dispose();
  return value;
}

/**
 * Trains a fresh network: seeded Glorot init (`budget.epochs = 0` stops here, untrained), a seeded
 * validation hold-out, Adam on seeded-shuffled minibatches (`GradientStep`), early stopping on the validation loss
 * with the best epoch's weights restored. The caller owns the returned network.
 */
export async function train(
  dataset: Dataset,
  config: ResolvedConfig,
  options: FitOptions,
  backend: string,
): Promise<{ network: DenseNetwork; report: FitReport }> {
  const started = performance.now();
  const { inputs, targets } = dataset.train;
  const heads = dataset.heads;
  // Fork order (init, split, shuffle) matches the brain.js implementation, so both start alike.
  const rng = new Rng(options.seed);
  const sizes = [inputs.cols, ...config.hidden, outputWidth(heads)];
  const network = new DenseNetwork(glorotLayers(sizes, rng.fork('init')), config.activation);
  const maxEpochs = options.budget?.epochs ?? config.epochs;

  const order = rng.fork('split').permutation(inputs.rows);
  const validationSize = Math.min(inputs.rows - 1, Math.round(config.validationFraction * inputs.rows));
  const validation = order.slice(0, validationSize);
  const training = order.slice(validationSize);
  const shuffleRng = rng.fork('shuffle');
  const curve = new AccuracyCurve(config.recordEvery, dataset, training, validation);
  curve.read(network, 0, maxEpochs === 0);

  const step = new GradientStep(network, heads, config);
  const validationX = validationSize > 0 ? rowsTensor(inputs, validation) : undefined;
  const validationY = validationSize > 0 ? rowsTensor(targets, validation) : undefined;
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | undefined;
  let epochs = 0;
  let trainLoss = Number.NaN;
  try {
    while (epochs < maxEpochs) {
      options.signal?.throwIfAborted();
      shuffleRng.shuffle(training);
      // Summed on the backend and read once per epoch: a read waits for the backend.
      let lossSum: tf.Scalar = tf.scalar(0);
      for (let start = 0; start < training.length; start += config.batchSize) {
        const end = Math.min(training.length, start + config.batchSize);
        const x = rowsTensor(inputs, training, start, end);
        const y = rowsTensor(targets, training, start, end);
        const cost = step.run(x, y);
        const previous = lossSum;
        lossSum = tf.tidy(() => tf.add(previous, tf.mul(cost, end - start)));
        previous.dispose();
        cost.dispose();
        x.dispose();
        y.dispose();
      }
      trainLoss = scalarValue(lossSum) / training.length;
      epochs++;
      if (validationX && validationY) {
        const loss = scalarValue(tf.tidy(() => headLoss(network.logits(validationX), validationY, heads)));
        if (!best || loss < best.loss) {
          for (const t of best?.weights ?? []) t.dispose();
          best = { loss, epoch: epochs, weights: network.snapshot() };
        }
      }
      options.onProgress?.({
        fraction: epochs / maxEpochs,
        message: `epoch ${epochs}: train loss ${trainLoss.toFixed(5)}${best ? `, best validation loss ${best.loss.toFixed(5)}` : ''}`,
      });
      const stopping = best !== undefined && epochs - best.epoch >= config.patience;
      curve.read(network, epochs, stopping || epochs === maxEpochs);
      if (stopping) break;
      // Let timers and abort signals run between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (best) network.restore(best.weights);
  } catch (e) {
    network.dispose();
    throw e;
  } finally {
    for (const t of best?.weights ?? []) t.dispose();
    validationX?.dispose();
    validationY?.dispose();
    step.dispose();
  }
  const outputs = network.run(inputs, { heads }).outputs!;
  return {
    network,
    report: {
      epochs,
      wallMs: performance.now() - started,
      trainScore: accuracy(outputs, targets, heads),
      details: {
        backend,
        trainingExamples: training.length,
        validationExamples: validationSize,
        ...(Number.isFinite(trainLoss) ? { trainLoss } : {}),
        ...(best ? { bestEpoch: best.epoch, validationLoss: best.loss } : {}),
        ...(curve.json() ? { curve: curve.json()! } : {}),
      },
    },
  };
}
