import {
  applyInterventions,
  type Intervention,
  interventionsAt,
  type LayerWeights,
  type Matrix,
  matrix,
  type OutputHead,
} from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import type { Activation } from './config.js';
import { headOutputs } from './heads.js';

/** Row-major transpose of a [rows x cols] array. */
export function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j]!;
  return out;
}

/** A trainable variable holding `initial`, which is freed (the variable keeps its data). */
function asVariable<R extends tf.Rank>(initial: tf.Tensor<R>): tf.Variable<R> {
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}

/** What one forward run read and produced. */
export interface ForwardResult {
  /** site -> [examples x units], for the sites asked for. */
  readonly states: Record<string, Matrix>;
  /** Post-head outputs [examples x output width], when asked for. */
  readonly outputs?: Matrix;
}

/**
 * The MLP as TensorFlow.js variables. Kernels are stored [from x to] so the forward pass is x·K + b
 * with no transpose; the shared [to x from] layout is produced when weights are read or written.
 */
export class DenseNetwork {
  readonly kernels: tf.Variable<tf.Rank.R2>[];
  readonly biases: tf.Variable<tf.Rank.R1>[];

  constructor(
    layers: readonly LayerWeights[],
    readonly activation: Activation,
  ) {
    this.kernels = layers.map((l) =>
      asVariable(tf.tensor2d(transposed(l.weights, l.to, l.from), [l.from, l.to])),
    );
    this.biases = layers.map((l) => asVariable(tf.tensor1d(l.biases)));
  }

  /** Number of hidden layers. */
  get hiddenLayers(): number {
    return this.kernels.length - 1;
  }

  /** Every trainable variable. */
  get variables(): tf.Variable[] {
    return [...this.kernels, ...this.biases];
  }

  /** Output logits for a batch (differentiable; call inside tf.tidy or an optimizer step). */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    this.kernels.forEach((kernel, i) => {
      const pre = tf.add(tf.matMul(h, kernel), this.biases[i]!) as tf.Tensor2D;
      h = i < this.hiddenLayers ? this.activate(pre) : pre;
    });
    return h;
  }

  /**
   * Runs a batch forward layer by layer, reading the states at `sites` and applying `interventions`
   * at their sites so the rest of the network runs from the edited states. Site tensors only come
   * back to JavaScript where they are read or edited.
   */
  run(
    inputs: Matrix,
    request: {
      readonly sites?: readonly string[];
      readonly interventions?: readonly Intervention[];
      readonly heads?: readonly OutputHead[];
    },
  ): ForwardResult {
    const states: Record<string, Matrix> = {};
    const sites = new Set(request.sites ?? []);
    const interventions = request.interventions ?? [];
    let current: tf.Tensor2D = tf.tensor2d(inputs.data, [inputs.rows, inputs.cols]);
    const step = (next: tf.Tensor2D, site: string): void => {
      current.dispose();
      current = next;
      const here = interventionsAt(site, interventions);
      if (here.length === 0 && !sites.has(site)) return;
      const values = matrix(current.shape[0], current.shape[1], current.dataSync<'float32'>().slice());
      if (here.length > 0) {
        applyInterventions(values, here);
        current.dispose();
        current = tf.tensor2d(values.data, [values.rows, values.cols]);
      }
      if (sites.has(site)) states[site] = values;
    };
    try {
      this.kernels.forEach((kernel, i) => {
        const last = i === this.hiddenLayers;
        const input = current;
        step(
          tf.tidy(() => tf.add(tf.matMul(input, kernel), this.biases[i]!)),
          last ? 'out.pre' : `h${i}.pre`,
        );
        if (!last) {
          const pre = current;
          step(
            tf.tidy(() => this.activate(pre)),
            `h${i}.post`,
          );
        }
      });
      if (!request.heads) return { states };
      const logits = current;
      const out = tf.tidy(() => headOutputs(logits, request.heads!));
      const outputs = matrix(out.shape[0], out.shape[1], out.dataSync<'float32'>().slice());
      out.dispose();
      return { states, outputs };
    } finally {
      current.dispose();
    }
  }

  /** Current layers in the shared [to x from] layout (copies). */
  read(): LayerWeights[] {
    return this.kernels.map((_, i) => this.layer(i));
  }

  /** Layer i in the shared [to x from] layout (a copy). */
  layer(i: number): LayerWeights {
    const kernel = this.kernels[i]!;
    const [from, to] = kernel.shape;
    return {
      from,
      to,
      weights: transposed(kernel.dataSync<'float32'>(), from, to),
      biases: this.biases[i]!.dataSync<'float32'>().slice(),
    };
  }

  /** Adds `delta` ([to x from] row-major) to layer i's weights. */
  addToWeights(i: number, delta: Float32Array): void {
    const kernel = this.kernels[i]!;
    const [from, to] = kernel.shape;
    tf.tidy(() => {
      kernel.assign(tf.add(kernel, tf.tensor2d(transposed(delta, to, from), [from, to])));
    });
  }

  /** Adds `delta` to layer i's biases. */
  addToBiases(i: number, delta: Float32Array): void {
    const bias = this.biases[i]!;
    tf.tidy(() => {
      bias.assign(tf.add(bias, tf.tensor1d(delta)));
    });
  }

  /** Copies of every variable's current value (for restoring the best epoch). */
  snapshot(): tf.Tensor[] {
    return this.variables.map((v) => tf.clone(v));
  }

  /** Sets every variable from a snapshot (which stays owned by the caller). */
  restore(snapshot: readonly tf.Tensor[]): void {
    this.variables.forEach((v, k) => {
      v.assign(snapshot[k]!);
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  private activate(x: tf.Tensor2D): tf.Tensor2D {
    return this.activation === 'relu' ? tf.relu(x) : this.activation === 'tanh' ? tf.tanh(x) : tf.sigmoid(x);
  }
}
