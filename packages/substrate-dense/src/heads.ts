import type { OutputHead } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';

/** Columns [start, start + size) of a batch; the tensor itself when that is every column. */
export function columns(t: tf.Tensor2D, start: number, size: number): tf.Tensor2D {
  return start === 0 && size === t.shape[1] ? t : tf.slice(t, [0, start], [-1, size]);
}

/** Visits each head with the first column it occupies in the concatenated outputs. */
export function eachHead<T>(
  heads: readonly OutputHead[],
  visit: (head: OutputHead, start: number) => T,
): T[] {
  let start = 0;
  return heads.map((head) => {
    const result = visit(head, start);
    start += head.size;
    return result;
  });
}

/** Post-head outputs from logits [examples x output width]: softmax per class head, sigmoid per binary column, identity for real. */
export function headOutputs(logits: tf.Tensor2D, heads: readonly OutputHead[]): tf.Tensor2D {
  return tf.tidy(() => {
    const parts = eachHead(heads, (head, start) => {
      const slice = columns(logits, start, head.size);
      return head.kind === 'class' ? tf.softmax(slice) : head.kind === 'binary' ? tf.sigmoid(slice) : slice;
    });
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
  });
}

/**
 * Training loss, summed over heads and averaged over examples: softmax cross-entropy per class head,
 * sigmoid binary cross-entropy (mean over its bits) per binary head, mean squared error per real head.
 */
export function headLoss(logits: tf.Tensor2D, targets: tf.Tensor2D, heads: readonly OutputHead[]): tf.Scalar {
  return tf.tidy(() => {
    const losses = eachHead(heads, (head, start): tf.Tensor => {
      const l = columns(logits, start, head.size);
      const y = columns(targets, start, head.size);
      if (head.kind === 'class') return tf.losses.softmaxCrossEntropy(y, l);
      if (head.kind === 'binary') return tf.losses.sigmoidCrossEntropy(y, l);
      return tf.losses.meanSquaredError(y, l);
    });
    return (losses.length === 1 ? losses[0]! : tf.addN(losses)) as tf.Scalar;
  });
}
