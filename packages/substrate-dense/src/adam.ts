import * as tf from '@tensorflow/tfjs';

/**
 * Adam (Kingma & Ba 2015) with the update of `tf.train.adam` (β1 = 0.9, β2 = 0.999, ε = the
 * backend's epsilon, bias correction by β^t kept in float32), applied to gradients the caller
 * computed. Kept beside the explicit gradient step, which has no tape for an optimiser to read.
 * With `weightDecay` λ > 0 it is AdamW (Loshchilov & Hutter 2019): each of the `decayed` variables
 * also shrinks by learningRate · λ times itself, outside the moments, so the decay is not rescaled by
 * the gradient's history as an L2 term in the loss is.
 */
export class Adam {
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];
  /** β1^t and β2^t, rounded to float32 after each product as the TensorFlow.js optimiser keeps them. */
  private beta1Power: number;
  private beta2Power: number;
  private readonly epsilon = tf.backend().epsilon();
  private readonly weightDecay: number;
  private readonly decayed: ReadonlySet<tf.Variable>;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly learningRate: number,
    decoupled: { readonly weightDecay: number; readonly decayed: readonly tf.Variable[] } = {
      weightDecay: 0,
      decayed: [],
    },
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
  ) {
    this.weightDecay = decoupled.weightDecay;
    this.decayed = new Set(decoupled.decayed);
    // tidy frees the zeros and keeps the variables.
    const zeros = () => variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
    this.firstMoments = zeros();
    this.secondMoments = zeros();
    this.beta1Power = Math.fround(beta1);
    this.beta2Power = Math.fround(beta2);
  }

  /** One update of every variable from its gradient (same order as the variables). */
  apply(gradients: readonly tf.Tensor[]): void {
    tf.tidy(() => {
      const correction1 = Math.fround(1 - this.beta1Power);
      const correction2 = Math.fround(1 - this.beta2Power);
      this.variables.forEach((variable, k) => {
        const g = gradients[k]!;
        const m = this.firstMoments[k]!;
        const v = this.secondMoments[k]!;
        const nextM = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const nextV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(nextM);
        v.assign(nextV);
        const denominator = tf.add(tf.sqrt(tf.div(nextV, correction2)), this.epsilon);
        const adamStep = tf.div(tf.div(nextM, correction1), denominator);
        const step =
          this.weightDecay > 0 && this.decayed.has(variable)
            ? tf.add(adamStep, tf.mul(variable, this.weightDecay))
            : adamStep;
        variable.assign(tf.sub(variable, tf.mul(step, this.learningRate)));
      });
    });
    this.beta1Power = Math.fround(this.beta1Power * this.beta1);
    this.beta2Power = Math.fround(this.beta2Power * this.beta2);
  }

  dispose(): void {
    for (const t of [...this.firstMoments, ...this.secondMoments]) t.dispose();
  }
}
