import { headActivations, type Matrix, matrix, type OutputHead } from '@scrutable/core';
import type { PlasticWeights } from './weights.js';

/**
 * The readout: a non-spiking integrator of the hidden spikes over the whole window, so its logits are
 * linear in the hidden counts, logit_k = Σ_j w_kj·c_j·(T/T_read) + b_k; counts read over a window
 * T_read other than the configured T are rescaled to it. `counts`: [examples x hidden].
 */
export function readoutLogits(counts: Matrix, w: PlasticWeights, countScale: number): Matrix {
  const out = matrix(counts.rows, w.outputs);
  for (let r = 0; r < counts.rows; r++)
    for (let k = 0; k < w.outputs; k++) {
      let sum = w.readoutBias[k]!;
      for (let j = 0; j < w.hidden; j++)
        sum += w.readout[k * w.hidden + j]! * counts.data[r * w.hidden + j]! * countScale;
      out.data[r * w.outputs + k] = sum;
    }
  return out;
}

/** Outputs (softmax per class head, sigmoid per bit) from the hidden counts. */
export function readoutOutputs(
  counts: Matrix,
  w: PlasticWeights,
  countScale: number,
  heads: readonly OutputHead[],
): Matrix {
  return headActivations(readoutLogits(counts, w, countScale), heads);
}
