import { check, type Matrix } from '@scrutable/core';
import { type AffineLayer, affine, type ReluChain } from './relu-chain.js';

/**
 * The converted network's parameters, in the units the simulator uses (threshold 1, so a unit of
 * charge is one spike's worth). Layer l of `weights`/`biases` maps into hidden layer l, the last one
 * into the readout:
 * - layer 0: W (charge per ms per unit of input) and b (charge per ms): the input arrives as a
 *   constant current, so hidden layer 0 receives T·(W·x + b) over a window of T ms;
 * - later layers: W (charge per presynaptic spike) and b (charge per ms): layer l receives
 *   W·counts(l − 1) + T·b.
 */
export interface ConvertedParameters {
  readonly layers: readonly AffineLayer[];
  /** Normalising activation λ of each hidden layer (its `percentile` of positive training activations). */
  readonly lambdas: readonly number[];
  /** Spikes per ms of a unit whose activation is its layer's λ. */
  readonly ratePerMs: number;
}

/** The p-th percentile (0–100], nearest rank, of `values`; 1 when there are none. */
export function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) return 1;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Data-based weight and threshold normalisation (Diehl et al. 2015; Rueckauer et al. 2017): λ_l is the
 * percentile of layer l's positive ReLU activations on the training inputs, so a unit at λ_l fires at
 * the maximum rate and the rare larger ones fire faster (an event-driven neuron has no rate ceiling).
 * Weights become W_l·λ_{l−1}/λ_l (λ of the input and of the readout taken as 1), biases b_l/λ_l, and
 * both are scaled to the rate: a hidden unit of activation a fires at ratePerMs·a/λ spikes per ms.
 */
export function normalise(
  chain: ReluChain,
  train: Matrix,
  pct: number,
  maxRateHz: number,
): ConvertedParameters {
  check(train.rows > 0, 'spiking-converted: no training inputs to normalise on');
  const ratePerMs = maxRateHz / 1000;
  const hidden = chain.layers.length - 1;
  const lambdas: number[] = [];
  let x = Float64Array.from(train.data);
  let cols = train.cols;
  for (let l = 0; l < hidden; l++) {
    const layer = chain.layers[l]!;
    const post = affine(layer, x, train.rows, cols).map((v) => Math.max(0, v));
    const lambda = percentile(
      post.filter((v) => v > 0),
      pct,
    );
    lambdas.push(lambda);
    x = post;
    cols = layer.rows;
  }
  const layers = chain.layers.map((layer, l): AffineLayer => {
    const into = l < hidden ? lambdas[l]! : 1;
    // The first layer reads the input as a current per ms; later ones read spike counts.
    const weightScale = l === 0 ? ratePerMs / into : lambdas[l - 1]! / into;
    return {
      rows: layer.rows,
      cols: layer.cols,
      weights: layer.weights.map((w) => w * weightScale),
      biases: layer.biases.map((b) => (b * ratePerMs) / into),
    };
  });
  return { layers, lambdas, ratePerMs };
}
