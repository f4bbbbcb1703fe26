/**
 * An indexed binary min-heap holding every neuron once, keyed by the time of its next self-generated
 * spike (a Poisson draw, or the predicted threshold crossing; Infinity when none). Ties go to the lower
 * neuron index. Keys change in place, so the heap never holds stale entries.
 */
export class NeuronHeap {
  /** Key per neuron (absolute ms). */
  readonly keys: Float64Array;
  private readonly heap: Int32Array;
  private readonly position: Int32Array;

  constructor(size: number) {
    this.keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.heap = Int32Array.from({ length: size }, (_, i) => i);
    this.position = Int32Array.from({ length: size }, (_, i) => i);
  }

  /** The neuron with the earliest key (the heap must hold at least one neuron). */
  top(): number {
    return this.heap[0]!;
  }

  /** The earliest key, Infinity when no neuron is due. */
  topKey(): number {
    return this.heap.length > 0 ? this.keys[this.heap[0]!]! : Number.POSITIVE_INFINITY;
  }

  /** Sets the key of `neuron` and restores heap order. */
  update(neuron: number, key: number): void {
    const old = this.keys[neuron]!;
    if (old === key) return;
    this.keys[neuron] = key;
    if (key < old) this.siftUp(this.position[neuron]!);
    else this.siftDown(this.position[neuron]!);
  }

  /** Sets every key to Infinity. */
  clear(): void {
    this.keys.fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < this.heap.length; i++) {
      this.heap[i] = i;
      this.position[i] = i;
    }
  }

  // Comparisons are inlined: (key, index) order, the hot loop of every spike.
  private siftUp(i: number): void {
    const heap = this.heap;
    const keys = this.keys;
    const position = this.position;
    const n = heap[i]!;
    const key = keys[n]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      const pk = keys[p]!;
      if (pk < key || (pk === key && p < n)) break;
      heap[i] = p;
      position[p] = i;
      i = parent;
    }
    heap[i] = n;
    position[n] = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const keys = this.keys;
    const position = this.position;
    const size = heap.length;
    const n = heap[i]!;
    const key = keys[n]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let c = heap[child]!;
      let ck = keys[c]!;
      if (child + 1 < size) {
        const r = heap[child + 1]!;
        const rk = keys[r]!;
        if (rk < ck || (rk === ck && r < c)) {
          child++;
          c = r;
          ck = rk;
        }
      }
      if (key < ck || (key === ck && n < c)) break;
      heap[i] = c;
      position[c] = i;
      i = child;
    }
    heap[i] = n;
    position[n] = i;
  }
}
