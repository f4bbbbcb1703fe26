/** Growable typed arrays of synapses as (local pre, local post) pairs, filled while connecting. */
export class SynapseBuffer {
  private pre: Int32Array;
  private post: Int32Array;
  /** Number of synapses added. */
  count = 0;

  /** Reserves room for `expected` synapses (it grows past that when needed). */
  constructor(expected: number) {
    const n = Math.max(16, Math.ceil(expected));
    this.pre = new Int32Array(n);
    this.post = new Int32Array(n);
  }

  /** Appends one synapse. */
  add(pre: number, post: number): void {
    if (this.count === this.pre.length) this.grow();
    const k = this.count++;
    this.pre[k] = pre;
    this.post[k] = post;
  }

  /** The synapses added so far, as views on the buffer (valid until the next `add`). */
  list(): { pre: Int32Array; post: Int32Array } {
    return { pre: this.pre.subarray(0, this.count), post: this.post.subarray(0, this.count) };
  }

  private grow(): void {
    const n = this.pre.length * 2;
    const pre = new Int32Array(n);
    const post = new Int32Array(n);
    pre.set(this.pre);
    post.set(this.post);
    this.pre = pre;
    this.post = post;
  }
}
