import * as tf from '@tensorflow/tfjs';
import { cpuSeconds } from './cpu-clock.js';
import type { EpochRates } from './epoch-throughput.js';

/**
 * What a training step of a one-hidden-layer MLP would run at if it were only its five matrix products
 * (the two of the forward pass, the two kernel gradients and the gradient passed to the hidden layer),
 * on the backend this thread selected: samples per wall and per CPU second, one per repeat, each repeat
 * `steps` steps after a warm-up.
 * Operands are made once and laid out so no product needs a transpose; the ratio of the training rate
 * to this one is the share of a step spent outside the products (dispatch, elementwise work, the
 * optimiser, copies). Seeded values: the time does not depend on them.
 */
export function matrixProductsOnly(
  [width, hidden, classes]: readonly [number, number, number],
  batch: number,
  repeats: number,
  steps = 20,
): EpochRates {
  const operands = tf.tidy(() => {
    const random = (shape: [number, number], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);
    return {
      x: random([batch, width], 1),
      xT: random([width, batch], 2),
      w1: random([width, hidden], 3),
      h: random([batch, hidden], 4),
      hT: random([hidden, batch], 5),
      w2: random([hidden, classes], 6),
      w2T: random([classes, hidden], 7),
      dLogits: random([batch, classes], 8),
      dHidden: random([batch, hidden], 9),
    };
  });
  const { x, xT, w1, h, hT, w2, w2T, dLogits, dHidden } = operands;
  const step = () =>
    tf.tidy(() => {
      tf.matMul(x, w1);
      tf.matMul(h, w2);
      tf.matMul(hT, dLogits);
      tf.matMul(dLogits, w2T);
      tf.matMul(xT, dHidden);
    });
  try {
    for (let k = 0; k < 3; k++) step();
    const rates: EpochRates = { perWallSecond: [], perCpuSecond: [] };
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const startedCpu = cpuSeconds();
      for (let k = 0; k < steps; k++) step();
      rates.perWallSecond.push((steps * batch) / ((performance.now() - started) / 1000));
      rates.perCpuSecond.push((steps * batch) / (cpuSeconds() - startedCpu));
    }
    return rates;
  } finally {
    tf.dispose(Object.values(operands));
  }
}
