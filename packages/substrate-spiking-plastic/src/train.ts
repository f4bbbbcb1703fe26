import {
  accuracy,
  type Dataset,
  type FitOptions,
  hashSeed,
  type Matrix,
  matrix,
  Rng,
  takeRows,
} from '@scrutable/core';
import { Adam } from './adam.js';
import type { PlasticConfig } from './config.js';
import { addEpropGradients, zeroGradients } from './eprop.js';
import { HiddenLayer } from './hidden-layer.js';
import { inputTrains } from './input-trains.js';
import { DEFAULT_RUN_SEED, encodeBatch, exampleSeed, runBatch } from './reading.js';
import { readoutOutputs } from './readout.js';
import { copyWeights, initialWeights, type PlasticWeights, roundWeights, synapticJumps } from './weights.js';

/** What training did: the kept weights, the epoch they come from and the measures that chose it. */
export interface TrainingResult {
  readonly weights: PlasticWeights;
  readonly feedback: Float64Array | null;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly validationAccuracy: number;
  readonly trainAccuracy: number;
  readonly validationRows: number;
  readonly synapticEvents: number;
  readonly simulatedMs: number;
  /** Mean cross-entropy (or squared error) of the training presentations, per epoch. */
  readonly trainLoss: readonly number[];
}

/**
 * Trains the network by e-prop: each training row is presented once per epoch (order and Poisson spikes
 * drawn from the seed), the hidden layer runs on the simulator with its potentials sampled, and each
 * batch's summed weight changes move the weights by one Adam step. A share of the training rows is held
 * out; the weights of the epoch with the best accuracy on them are kept (epoch 0: the initial weights).
 */
export function trainEprop(dataset: Dataset, config: PlasticConfig, options: FitOptions): TrainingResult {
  const rng = new Rng(options.seed);
  const { inputs, targets } = dataset.train;
  const order = rng.fork('split').permutation(inputs.rows);
  const heldOut = inputs.rows > 1 ? Math.floor(inputs.rows * config.validationShare) : 0;
  const validation = order.slice(0, heldOut);
  const trainRows = order.slice(heldOut);
  const validationInputs = takeRows(inputs, validation);
  const validationTargets = takeRows(targets, validation);
  const outputs = targets.cols;
  let meanSquared = 0;
  for (const r of trainRows)
    for (let i = 0; i < inputs.cols; i++)
      meanSquared += Math.min(1, Math.max(0, inputs.data[r * inputs.cols + i]!)) ** 2;
  meanSquared /= Math.max(1, trainRows.length);
  const w = initialWeights(inputs.cols, outputs, config, meanSquared, rng.fork('weights'));
  const feedbackRng = rng.fork('feedback');
  const feedback =
    config.feedback === 'random'
      ? Float64Array.from({ length: config.hidden * outputs }, () =>
          feedbackRng.normal(0, 1 / Math.sqrt(config.hidden)),
        )
      : null;
  const layer = new HiddenLayer(inputs.cols + 1, config.hidden, synapticJumps(w, config));
  const epochs = options.budget?.epochs ?? config.epochs;
  const adam = {
    input: new Adam(w.input.length, config.learningRateIn),
    clock: new Adam(w.clock.length, config.learningRateIn),
    readout: new Adam(w.readout.length, config.learningRateOut),
    readoutBias: new Adam(w.readoutBias.length, config.learningRateOut),
  };
  const score = (weights: PlasticWeights, rowsInputs: Matrix, rowsTargets: Matrix): number => {
    if (rowsInputs.rows === 0) return Number.NaN;
    const jumps = synapticJumps(weights, config);
    layer.setJumps(jumps);
    const trains = encodeBatch(rowsInputs, config, config.windowMs, DEFAULT_RUN_SEED);
    const reading = runBatch(layer, trains, config.windowMs, null, false);
    return accuracy(readoutOutputs(reading.counts, weights, 1, dataset.heads), rowsTargets, dataset.heads);
  };
  let best = {
    epoch: 0,
    accuracy: heldOut > 0 ? score(w, validationInputs, validationTargets) : Number.NaN,
    weights: copyWeights(w),
  };
  let synapticEvents = 0;
  const trainLoss: number[] = [];
  const total = epochs * trainRows.length;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const shuffled = rng.fork(`order ${epoch}`).shuffle(trainRows.slice());
    let lossSum = 0;
    for (let start = 0; start < shuffled.length; start += config.batch) {
      const grads = zeroGradients(w);
      const jumps = synapticJumps(w, config);
      layer.setJumps(jumps);
      for (const r of shuffled.slice(start, start + config.batch)) {
        const x = inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols);
        const trains = inputTrains(
          x,
          config,
          config.windowMs,
          hashSeed(options.seed, epoch, exampleSeed(0, inputs, r)),
        );
        const run = layer.run(trains, config.windowMs, null, config.sampleMs, false);
        synapticEvents += run.synapticEvents;
        const out = readoutOutputs(
          matrix(1, config.hidden, Float32Array.from(run.counts)),
          w,
          1,
          dataset.heads,
        );
        const error = new Float64Array(outputs);
        for (let k = 0; k < outputs; k++) error[k] = out.data[k]! - targets.data[r * outputs + k]!;
        lossSum += loss(out, targets.data.subarray(r * outputs, (r + 1) * outputs), dataset.heads);
        addEpropGradients({ trains, run, error }, w, feedback, config, grads);
      }
      adam.input.step(w.input, grads.input, config.weightDecay);
      adam.clock.step(w.clock, grads.clock);
      adam.readout.step(w.readout, grads.readout, config.weightDecay);
      adam.readoutBias.step(w.readoutBias, grads.readoutBias);
      roundWeights(w);
      options.onProgress?.({
        fraction:
          ((epoch - 1) * trainRows.length + Math.min(start + config.batch, shuffled.length)) /
          Math.max(1, total),
        message: `e-prop epoch ${epoch}/${epochs}`,
      });
      options.signal?.throwIfAborted();
    }
    trainLoss.push(lossSum / Math.max(1, shuffled.length));
    if (heldOut > 0) {
      const a = score(w, validationInputs, validationTargets);
      if (a > best.accuracy) best = { epoch, accuracy: a, weights: copyWeights(w) };
    } else best = { epoch, accuracy: Number.NaN, weights: copyWeights(w) };
  }
  const trainAccuracy = score(best.weights, takeRows(inputs, trainRows), takeRows(targets, trainRows));
  return {
    weights: best.weights,
    feedback,
    epochs,
    bestEpoch: best.epoch,
    validationAccuracy: best.accuracy,
    trainAccuracy,
    validationRows: heldOut,
    synapticEvents,
    simulatedMs: total * config.windowMs,
    trainLoss,
  };
}

/** Loss of one example's outputs: cross-entropy for class heads and bits, squared error for reals. */
function loss(out: Matrix, target: Float32Array, heads: Dataset['heads']): number {
  let sum = 0;
  let start = 0;
  for (const head of heads) {
    for (let k = start; k < start + head.size; k++) {
      const o = Math.min(1 - 1e-7, Math.max(1e-7, out.data[k]!));
      const t = target[k]!;
      if (head.kind === 'class') sum -= t * Math.log(o);
      else if (head.kind === 'binary') sum -= t * Math.log(o) + (1 - t) * Math.log(1 - o);
      else sum += 0.5 * (out.data[k]! - t) ** 2;
    }
    start += head.size;
  }
  return sum;
}
