import type { OutputHead } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { columns, eachHead } from './heads.js';

/**
 * The gradient of `headLoss` with respect to the logits, in closed form, head by head: softmax
 * cross-entropy gives (softmax − y) / examples, sigmoid cross-entropy (σ − y) / (examples × bits),
 * mean squared error 2 (logits − y) / (examples × columns). Writing it out saves the tape and the
 * dozen small kernels the loss's automatic derivative runs.
 */
export function headLossGradient(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  heads: readonly OutputHead[],
): tf.Tensor2D {
  return tf.tidy(() => {
    const examples = logits.shape[0];
    const parts = eachHead(heads, (head, start): tf.Tensor2D => {
      const l = columns(logits, start, head.size);
      const y = columns(targets, start, head.size);
      if (head.kind === 'class') return tf.div(tf.sub(tf.softmax(l), y), examples);
      if (head.kind === 'binary') return tf.div(tf.sub(tf.sigmoid(l), y), examples * head.size);
      return tf.mul(tf.sub(l, y), 2 / (examples * head.size));
    });
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
  });
}
