/**
 * Adam (Kingma & Ba 2015) on one parameter array, as Bellec et al. (2020) apply it to e-prop's
 * weight changes: it rescales each weight's accumulated change, it does not compute one.
 */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly rate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /**
   * Moves `params` against `gradient` by one step, and shrinks them by rate × `decay` × param
   * (decoupled weight decay, Loshchilov & Hutter 2019; 0: none).
   */
  step(params: Float64Array, gradient: Float64Array, decay = 0): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i]!;
      this.m[i] = this.beta1 * this.m[i]! + (1 - this.beta1) * g;
      this.v[i] = this.beta2 * this.v[i]! + (1 - this.beta2) * g * g;
      params[i]! -=
        (this.rate * this.m[i]!) / c1 / (Math.sqrt(this.v[i]! / c2) + this.epsilon) +
        this.rate * decay * params[i]!;
    }
  }
}
