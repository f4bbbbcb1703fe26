import type { OutputHead } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam.js';
import type { Activation } from './config.js';
import { headLossGradient } from './head-loss-gradient.js';
import { headLoss } from './heads.js';
import type { DenseNetwork } from './network.js';

/** The activation's derivative written in terms of its output h, as backprop needs it. */
function activationSlope(h: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  if (activation === 'relu') return tf.step(h);
  if (activation === 'tanh') return tf.sub(1, tf.square(h));
  return tf.mul(h, tf.sub(1, h));
}

/**
 * One minibatch step of the trainer's objective (`headLoss` plus `l2` times the squared kernels) with
 * the backward pass written out: the forward pass keeps each layer's output, the loss gradient comes
 * in closed form, and each layer takes two matrix products (kernel gradient, then the gradient it
 * passes down) and a column sum. Compared with `optimizer.minimize` there is no tape to record and
 * prune and no derivative of the loss's own kernels; the update is `Adam`'s (AdamW with `weightDecay`).
 */
export class GradientStep {
  private readonly adam: Adam;

  constructor(
    private readonly network: DenseNetwork,
    private readonly heads: readonly OutputHead[],
    private readonly options: {
      readonly learningRate: number;
      readonly l2: number;
      readonly weightDecay: number;
    },
  ) {
    // Decay, like the L2 penalty, applies to the kernels, not the biases.
    this.adam = new Adam(network.variables, options.learningRate, {
      weightDecay: options.weightDecay,
      decayed: network.kernels,
    });
  }

  /** Trains on one batch; returns the batch's objective before the update (the caller frees it). */
  run(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const { kernels, biases, activation } = this.network;
    const l2 = this.options.l2;
    return tf.tidy(() => {
      const last = kernels.length - 1;
      // outputs[i] is the input of layer i: the batch, then each hidden layer's activation.
      const outputs: tf.Tensor2D[] = [x];
      for (let i = 0; i < last; i++) {
        const fused = activation === 'relu' ? 'relu' : 'linear';
        const pre = tf.fused.matMul({
          a: outputs[i]!,
          b: kernels[i]!,
          bias: biases[i]!,
          activation: fused,
        }) as tf.Tensor2D;
        outputs.push(activation === 'relu' ? pre : activation === 'tanh' ? tf.tanh(pre) : tf.sigmoid(pre));
      }
      const logits = tf.fused.matMul({
        a: outputs[last]!,
        b: kernels[last]!,
        bias: biases[last]!,
      }) as tf.Tensor2D;
      const loss = headLoss(logits, y, this.heads);
      const cost =
        l2 === 0 ? loss : tf.add(loss, tf.mul(l2, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))));

      const kernelGradients: tf.Tensor[] = [];
      const biasGradients: tf.Tensor[] = [];
      let delta = headLossGradient(logits, y, this.heads);
      for (let i = last; i >= 0; i--) {
        const input = outputs[i]!;
        const kernelGradient = tf.matMul(input, delta, true, false);
        kernelGradients[i] = l2 === 0 ? kernelGradient : tf.add(kernelGradient, tf.mul(kernels[i]!, 2 * l2));
        biasGradients[i] = tf.sum(delta, 0);
        if (i > 0)
          delta = tf.mul(
            tf.matMul(delta, kernels[i]!, false, true),
            activationSlope(input, activation),
          ) as tf.Tensor2D;
      }
      this.adam.apply([...kernelGradients, ...biasGradients]);
      return cost as tf.Scalar;
    });
  }

  dispose(): void {
    this.adam.dispose();
  }
}
