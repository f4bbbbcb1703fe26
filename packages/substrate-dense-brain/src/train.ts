import {
  accuracy,
  cloneMatrix,
  type Dataset,
  type FitOptions,
  type FitReport,
  glorotLayers,
  type LayerWeights,
  type Matrix,
  type OutputHead,
  outputWidth,
  Rng,
  row,
} from '@scrutable/core';
import { NeuralNetwork } from 'brain.js';
import type { Activation, ResolvedConfig } from './config.js';
import { activate, forward } from './network.js';

/** brain.js's default momentum; it refuses 0, and the shared configuration has no key for it. */
export const MOMENTUM = 0.1;

/** One training example as brain.js's `trainPattern` takes it. */
interface Pattern {
  readonly input: Float32Array;
  readonly output: Float32Array;
}

/**
 * Trains a dense MLP with brain.js and returns its layers, already converted to the shared function.
 * Weights start from `Rng` (seeded by `options.seed`) and are shared with brain.js's network, which
 * updates them in place one example at a time (`trainPattern`: forward, backprop, SGD with momentum,
 * MSE on the activated output layer). The epoch loop, seeded shuffling, early stopping and L2 decay
 * are ours. brain.js applies the hidden activation to its output layer too, so heads are mapped onto
 * it (see brainTargets) and the output biases shifted afterwards: see README "Heads and brain.js".
 */
export async function trainWithBrain(
  dataset: Dataset,
  config: ResolvedConfig,
  options: FitOptions,
): Promise<{ layers: LayerWeights[]; report: FitReport }> {
  const started = performance.now();
  const { inputs, targets } = dataset.train;
  const { trainingTargets, initialBias, biasShift } = brainTargets(targets, dataset.heads, config.activation);
  const sizes = [inputs.cols, ...config.hidden, outputWidth(dataset.heads)];
  const rng = new Rng(options.seed);
  const layers = glorotLayers(sizes, rng.fork('init'));
  const last = layers[layers.length - 1]!;
  last.biases.set(initialBias);
  const maxEpochs = options.budget?.epochs ?? config.epochs;

  const all = Array.from({ length: inputs.rows }, (_, i) => i);
  // Early stopping (only with a patience) needs a validation split of at least one example and leaves
  // at least one to train on.
  const patience = config.patience ?? 0;
  const validationSize =
    patience > 0 ? Math.min(inputs.rows - 1, Math.round(config.validationFraction * inputs.rows)) : 0;
  const holdOut = validationSize >= 1;
  const order = holdOut ? rng.fork('split').shuffle(all) : all;
  const patterns = (indices: number[]): Pattern[] =>
    indices.map((i) => ({ input: row(inputs, i), output: row(trainingTargets, i) }));
  const validation = patterns(order.slice(0, validationSize));
  const training = patterns(order.slice(validationSize));

  const net = maxEpochs > 0 ? brainNetwork(sizes, layers, config) : undefined;
  const shuffleRng = rng.fork('shuffle');
  const decay = (1 - config.learningRate * config.l2) ** training.length;
  let epochs = 0;
  let trainMse = Number.NaN;
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, snapshot: [] as Float32Array[] };
  while (net && epochs < maxEpochs) {
    options.signal?.throwIfAborted();
    shuffleRng.shuffle(training);
    let sum = 0;
    for (const pattern of training) sum += net.trainPattern(pattern, true) ?? 0;
    trainMse = sum / training.length;
    if (config.l2 > 0)
      for (const layer of layers) for (let k = 0; k < layer.weights.length; k++) layer.weights[k]! *= decay;
    epochs++;
    options.onProgress?.({
      fraction: epochs / maxEpochs,
      message: `epoch ${epochs}: train mse ${trainMse.toFixed(5)}`,
    });
    if (holdOut) {
      const loss = validationMse(net, validation);
      if (loss < best.loss) best = { loss, epoch: epochs, snapshot: snapshot(layers) };
      else if (epochs - best.epoch >= patience) break;
    }
    // Let timers and abort signals run between epochs.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (holdOut && best.epoch > 0) restore(layers, best.snapshot);

  // With no epoch run the network is the initialised one (Glorot weights, zero biases), as in `dense`;
  // the lift and shift below only map what brain.js learned.
  if (epochs === 0) last.biases.fill(0);
  else
    biasShift.forEach((shift, k) => {
      last.biases[k]! -= shift;
    });

  const outputs: Matrix = forward(layers, config.activation, dataset.heads, inputs).outputs;
  return {
    layers,
    report: {
      epochs,
      wallMs: performance.now() - started,
      trainScore: accuracy(outputs, targets, dataset.heads),
      details: {
        library: 'brain.js',
        effectiveBatchSize: 1,
        momentum: MOMENTUM,
        ...(Number.isFinite(trainMse) ? { trainMse } : {}),
        ...(holdOut && epochs > 0
          ? { bestEpoch: best.epoch, validationMse: best.loss, validationExamples: validationSize }
          : {}),
      },
    },
  };
}

/**
 * What brain.js trains on, where its output biases start, and what to subtract from them afterwards
 * so that the shared function (out.pre, then the head) reads what brain.js's activated output learned.
 * - relu: every column is lifted by c (targets t + c >= 1, biases start at c), so brain.js trains the
 *   output layer where relu is the identity (no dead output units); afterwards c comes off the bias,
 *   plus 0.5 for binary columns, moving brain.js's 0.5 threshold to out.pre = 0.
 * - tanh and sigmoid: class and binary targets as they are (argmax is unchanged by the activation;
 *   binary columns shift by act⁻¹(0.5)); real targets t become act(t), so out.pre learns t itself.
 */
export function brainTargets(
  targets: Matrix,
  heads: readonly OutputHead[],
  activation: Activation,
): { trainingTargets: Matrix; initialBias: Float32Array; biasShift: Float32Array } {
  const f = activate(activation);
  const trainingTargets = cloneMatrix(targets);
  const initialBias = new Float32Array(targets.cols);
  const biasShift = new Float32Array(targets.cols);
  let start = 0;
  for (const head of heads) {
    for (let k = start; k < start + head.size; k++) {
      let lowest = 0;
      for (let r = 0; r < targets.rows; r++) lowest = Math.min(lowest, targets.data[r * targets.cols + k]!);
      const lift = activation === 'relu' ? 1 - lowest : 0;
      initialBias[k] = lift;
      biasShift[k] = lift;
      if (head.kind === 'binary')
        biasShift[k]! += activation === 'tanh' ? Math.atanh(0.5) : activation === 'relu' ? 0.5 : 0;
      if (activation === 'relu' || head.kind === 'real')
        for (let r = 0; r < targets.rows; r++) {
          const i = r * targets.cols + k;
          trainingTargets.data[i] = f(targets.data[i]! + lift);
        }
    }
    start += head.size;
  }
  return { trainingTargets, initialBias, biasShift };
}

/** A brain.js network whose weight rows and biases are views of `layers`, so its updates land there. */
function brainNetwork(
  sizes: readonly number[],
  layers: readonly LayerWeights[],
  config: ResolvedConfig,
): NeuralNetwork<Float32Array, Float32Array> {
  const net = new NeuralNetwork<Float32Array, Float32Array>({
    inputSize: sizes[0]!,
    outputSize: sizes[sizes.length - 1]!,
    hiddenLayers: [...config.hidden],
    activation: config.activation,
    learningRate: config.learningRate,
    momentum: MOMENTUM,
  });
  // initialize() allocates brain.js's buffers and draws weights with Math.random; all of those are replaced.
  net.initialize();
  layers.forEach((layer, i) => {
    net.biases[i + 1] = layer.biases;
    net.weights[i + 1] = Array.from({ length: layer.to }, (_, j) =>
      layer.weights.subarray(j * layer.from, (j + 1) * layer.from),
    );
  });
  return net;
}

/** Mean over examples of brain.js's per-example error (mean squared error of its activated outputs). */
function validationMse(net: NeuralNetwork<Float32Array, Float32Array>, patterns: readonly Pattern[]): number {
  let sum = 0;
  for (const { input, output } of patterns) {
    const predicted = net.runInput(input);
    let squared = 0;
    for (let k = 0; k < output.length; k++) squared += (output[k]! - predicted[k]!) ** 2;
    sum += squared / output.length;
  }
  return sum / patterns.length;
}

function snapshot(layers: readonly LayerWeights[]): Float32Array[] {
  return layers.flatMap((l) => [l.weights.slice(), l.biases.slice()]);
}

function restore(layers: readonly LayerWeights[], values: readonly Float32Array[]): void {
  layers.forEach((l, i) => {
    l.weights.set(values[2 * i]!);
    l.biases.set(values[2 * i + 1]!);
  });
}
