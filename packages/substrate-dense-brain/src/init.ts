import type { Rng } from '@scrutable/core';
import type { DenseLayer } from './network.js';

/**
 * Fresh layers for the sizes [input, ...hidden, output]: Glorot-uniform weights, zero biases
 * (the Keras default the TensorFlow.js substrate uses too), every value drawn from `rng`.
 */
export function initialLayers(sizes: readonly number[], rng: Rng): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const from = sizes[i - 1]!;
    const to = sizes[i]!;
    const limit = Math.sqrt(6 / (from + to));
    const weights = Float32Array.from({ length: to * from }, () => rng.uniform(-limit, limit));
    layers.push({ from, to, weights, biases: new Float32Array(to) });
  }
  return layers;
}
