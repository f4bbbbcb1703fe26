import type { Rng } from './rng.js';

/** One fully connected layer: `weights` row-major [to x from], so to = weights·from + biases. */
export interface LayerWeights {
  readonly from: number;
  readonly to: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

/**
 * Fresh layers for the sizes [input, ...hidden, output]: Glorot-uniform weights (Glorot & Bengio
 * 2010; the Keras default) drawn from `rng` in row-major [to x from] order, zero biases. Every dense
 * implementation starts from these, so the same seed gives the same initial network on any backend.
 */
export function glorotLayers(sizes: readonly number[], rng: Rng): LayerWeights[] {
  const layers: LayerWeights[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const from = sizes[i - 1]!;
    const to = sizes[i]!;
    const limit = Math.sqrt(6 / (from + to));
    const weights = Float32Array.from({ length: to * from }, () => rng.uniform(-limit, limit));
    layers.push({ from, to, weights, biases: new Float32Array(to) });
  }
  return layers;
}
