/** Growable typed arrays of synapses (local pre, local post, weight, delay), filled while connecting. */
export class SynapseBuffer {
  private pre: Int32Array;
  private post: Int32Array;
  private weights: Float64Array;
  private delays: Float64Array;
  /** Number of synapses added. */
  count = 0;

  /** Reserves room for `expected` synapses (it grows past that when needed). */
  constructor(expected: number) {
    const n = Math.max(16, Math.ceil(expected));
    this.pre = new Int32Array(n);
    this.post = new Int32Array(n);
    this.weights = new Float64Array(n);
    this.delays = new Float64Array(n);
  }

  /** Appends one synapse. */
  add(pre: number, post: number, weight: number, delay: number): void {
    if (this.count === this.pre.length) this.grow();
    const k = this.count++;
    this.pre[k] = pre;
    this.post[k] = post;
    this.weights[k] = weight;
    this.delays[k] = delay;
  }

  /** The synapses added so far, as views on the buffer (valid until the next `add`). */
  list(): { pre: Int32Array; post: Int32Array; weights: Float64Array; delaysMs: Float64Array } {
    const n = this.count;
    return {
      pre: this.pre.subarray(0, n),
      post: this.post.subarray(0, n),
      weights: this.weights.subarray(0, n),
      delaysMs: this.delays.subarray(0, n),
    };
  }

  private grow(): void {
    const n = this.pre.length * 2;
    const pre = new Int32Array(n);
    const post = new Int32Array(n);
    const weights = new Float64Array(n);
    const delays = new Float64Array(n);
    pre.set(this.pre);
    post.set(this.post);
    weights.set(this.weights);
    delays.set(this.delays);
    this.pre = pre;
    this.post = post;
    this.weights = weights;
    this.delays = delays;
  }
}
