import { glorotLayers, type OutputHead, Rng } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import type { Activation } from './config.js';
import { GradientStep } from './gradient-step.js';
import { headLoss } from './heads.js';
import { DenseNetwork } from './network.js';
import { plantedDataset } from './test-data.js';

await initBackend();

const data = plantedDataset(96, 6, 5);
const heads: readonly OutputHead[] = data.heads;
const batches = [0, 32, 64].map((start) => ({
  x: tf.tensor2d(data.train.inputs.data.subarray(start * 6, (start + 32) * 6), [32, 6]),
  y: tf.tensor2d(data.train.targets.data.subarray(start * 4, (start + 32) * 4), [32, 4]),
}));

function network(activation: Activation, seed: number): DenseNetwork {
  return new DenseNetwork(glorotLayers([6, 7, 5, 4], new Rng(seed)), activation);
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i]!)), 0);
}

function weights(n: DenseNetwork): Float32Array[] {
  return n.variables.map((v) => v.dataSync<'float32'>().slice());
}

/** The straightforward step: automatic differentiation of the objective, TensorFlow.js's own Adam. */
function referenceTraining(n: DenseNetwork, learningRate: number, l2: number, epochs: number): number[] {
  const optimizer = tf.train.adam(learningRate);
  const costs: number[] = [];
  for (let e = 0; e < epochs; e++)
    for (const { x, y } of batches) {
      const cost = optimizer.minimize(() => {
        const loss = headLoss(n.logits(x), y, heads);
        if (l2 === 0) return loss;
        return tf.add(loss, tf.mul(l2, tf.addN(n.kernels.map((k) => tf.sum(tf.square(k)))))) as tf.Scalar;
      }, true)!;
      costs.push(cost.dataSync()[0]!);
      cost.dispose();
    }
  optimizer.dispose();
  return costs;
}

function explicitTraining(n: DenseNetwork, learningRate: number, l2: number, epochs: number): number[] {
  const step = new GradientStep(n, heads, { learningRate, l2, weightDecay: 0 });
  const costs: number[] = [];
  for (let e = 0; e < epochs; e++)
    for (const { x, y } of batches) {
      const cost = step.run(x, y);
      costs.push(cost.dataSync()[0]!);
      cost.dispose();
    }
  step.dispose();
  return costs;
}

describe('the explicit gradient step against automatic differentiation and tf.train.adam', () => {
  for (const activation of ['relu', 'tanh', 'sigmoid'] as const)
    for (const l2 of [0, 0.01])
      it(`${activation}, l2 = ${l2}: same objective at every step and same weights after 4 epochs (class, binary and real heads)`, () => {
        const reference = network(activation, 3);
        const explicit = network(activation, 3);
        const referenceCosts = referenceTraining(reference, 0.01, l2, 4);
        const explicitCosts = explicitTraining(explicit, 0.01, l2, 4);
        for (let k = 0; k < referenceCosts.length; k++)
          expect(Math.abs(explicitCosts[k]! - referenceCosts[k]!), `cost at step ${k}`).toBeLessThan(1e-5);
        const before = weights(network(activation, 3));
        weights(reference).forEach((w, k) => {
          // The weights moved, and both trainers moved them to the same place.
          expect(largestDifference(w, before[k]!)).toBeGreaterThan(1e-3);
          expect(largestDifference(weights(explicit)[k]!, w)).toBeLessThan(2e-5);
        });
        reference.dispose();
        explicit.dispose();
      });

  it('is deterministic: the same initial weights and batches give bit-identical weights', () => {
    const a = network('relu', 8);
    const b = network('relu', 8);
    explicitTraining(a, 0.02, 0.001, 2);
    explicitTraining(b, 0.02, 0.001, 2);
    const wb = weights(b);
    expect(weights(a)).toEqual(wb);
    a.dispose();
    b.dispose();
  });

  it('frees every tensor it makes but the returned objective, and its moments when disposed', () => {
    const n = network('tanh', 2);
    const before = tf.memory().numTensors;
    const step = new GradientStep(n, heads, { learningRate: 0.01, l2: 0.01, weightDecay: 0.1 });
    const cost = step.run(batches[0]!.x, batches[0]!.y);
    const held = tf.memory().numTensors;
    step.run(batches[1]!.x, batches[1]!.y).dispose();
    expect(tf.memory().numTensors).toBe(held);
    cost.dispose();
    step.dispose();
    expect(tf.memory().numTensors).toBe(before);
    n.dispose();
  });
});
