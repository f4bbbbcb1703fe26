import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { initBackend } from './backend.js';

await initBackend();

const LEARNING_RATE = 0.05;
const WEIGHT_DECAY = 0.3;
const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * AdamW written out per number (Loshchilov & Hutter 2019, schedule multiplier 1), with the backend's ε:
 * m = (1−β1)g, v = (1−β2)g² after t steps of a constant gradient g, m̂ = m/(1−β1^t), v̂ = v/(1−β2^t),
 * θ ← θ − η(m̂/(√v̂ + ε) + λθ) for a decayed θ, without the λθ term otherwise.
 */
function referenceSteps(theta: number, gradient: number, steps: number, decayed: boolean): number {
  const epsilon = tf.backend().epsilon();
  let m = 0;
  let v = 0;
  for (let t = 1; t <= steps; t++) {
    m = BETA1 * m + (1 - BETA1) * gradient;
    v = BETA2 * v + (1 - BETA2) * gradient * gradient;
    const adamStep = m / (1 - BETA1 ** t) / (Math.sqrt(v / (1 - BETA2 ** t)) + epsilon);
    theta -= LEARNING_RATE * (adamStep + (decayed ? WEIGHT_DECAY * theta : 0));
  }
  return theta;
}

describe('Adam with decoupled weight decay', () => {
  const start = [0.8, -1.5, 0.25];
  const gradient = [0.2, -0.4, 1.5];

  function run(weightDecay: number, steps: number): { kernel: number[]; bias: number[] } {
    const kernel = tf.variable(tf.tensor1d(start));
    const bias = tf.variable(tf.tensor1d(start));
    const adam = new Adam([kernel, bias], LEARNING_RATE, { weightDecay, decayed: [kernel] });
    for (let t = 0; t < steps; t++) tf.tidy(() => adam.apply([tf.tensor1d(gradient), tf.tensor1d(gradient)]));
    const result = { kernel: [...kernel.dataSync()], bias: [...bias.dataSync()] };
    adam.dispose();
    kernel.dispose();
    bias.dispose();
    return result;
  }

  it('matches AdamW written out per number, decaying only the variables named', () => {
    for (const steps of [1, 3]) {
      const { kernel, bias } = run(WEIGHT_DECAY, steps);
      start.forEach((theta, i) => {
        expect(kernel[i]).toBeCloseTo(referenceSteps(theta, gradient[i]!, steps, true), 5);
        expect(bias[i]).toBeCloseTo(referenceSteps(theta, gradient[i]!, steps, false), 5);
      });
    }
  });

  it('shrinks the decayed weights by η·λ·θ against plain Adam in one step', () => {
    const plain = run(0, 1);
    const decayed = run(WEIGHT_DECAY, 1);
    start.forEach((theta, i) => {
      expect(plain.kernel[i]! - decayed.kernel[i]!).toBeCloseTo(LEARNING_RATE * WEIGHT_DECAY * theta, 6);
      expect(decayed.bias[i]).toBe(plain.bias[i]);
    });
  });
});
