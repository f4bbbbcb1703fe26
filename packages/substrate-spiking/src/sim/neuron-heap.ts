/**
 * Every neuron's next self-generated spike time (a Poisson draw, or the predicted threshold crossing;
 * Infinity when none), with the earliest one at hand. Ties go to the lower neuron index. Keys change in
 * place, so no stale entry is ever kept.
 *
 * Two tiers: neurons keyed before `boundary` sit in an indexed 4-ary min-heap; the others in an
 * unsorted list, where changing a key costs nothing. Most reschedules move a neuron far ahead (after a
 * spike, the next crossing is tens of ms away), so they never touch the heap. When the heap runs dry,
 * one scan of the list moves the neurons of the next time window into it. The heap's keys are all below
 * `boundary` and the list's all at or above it, so the heap's top is the global (key, index) minimum.
 */
export class NeuronHeap {
  /** Key per neuron (absolute ms). */
  readonly keys: Float64Array;
  // Near tier: heap slots, each slot's key kept next to its neuron so sifting reads one array.
  private readonly heap: Int32Array;
  private readonly slotKeys: Float64Array;
  private heapSize = 0;
  // Far tier: unsorted neuron list, with keys alongside so a refill scans one array.
  private readonly far: Int32Array;
  private readonly farKeys: Float64Array;
  private farSize = 0;
  /** Finite keys in the far tier (when none, the heap cannot be refilled). */
  private farFinite = 0;
  /** Heap slot of a neuron (>= 0), or −1 − its index in the far list. */
  private readonly position: Int32Array;
  private boundary = Number.NEGATIVE_INFINITY;
  /** Width of the window moved into the heap at a refill (ms), adapted to move about `refillTarget`. */
  private window = 1;
  private readonly refillTarget: number;

  constructor(size: number) {
    this.keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.heap = new Int32Array(size);
    this.slotKeys = new Float64Array(size);
    this.far = new Int32Array(size);
    this.farKeys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.position = new Int32Array(size);
    this.refillTarget = Math.max(32, size >> 3);
    this.clear();
  }

  /** The neuron with the earliest key (meaningful when `topKey()` is finite). */
  top(): number {
    if (this.heapSize === 0) this.refill();
    return this.heap[0]!;
  }

  /** The earliest key, Infinity when no neuron is due. */
  topKey(): number {
    if (this.heapSize === 0) this.refill();
    return this.heapSize > 0 ? this.slotKeys[0]! : Number.POSITIVE_INFINITY;
  }

  /** Sets the key of `neuron`. */
  update(neuron: number, key: number): void {
    const old = this.keys[neuron]!;
    if (old === key) return;
    this.keys[neuron] = key;
    const at = this.position[neuron]!;
    const near = key < this.boundary;
    if (at >= 0) {
      if (near) {
        if (key < old) this.siftUp(at, neuron, key);
        else this.siftDown(at, neuron, key);
      } else {
        this.removeSlot(at);
        this.pushFar(neuron, key);
      }
    } else if (near) {
      this.removeFar(-1 - at, old);
      this.siftUp(this.heapSize++, neuron, key);
    } else {
      this.farKeys[-1 - at] = key;
      if (key !== Number.POSITIVE_INFINITY) {
        if (old === Number.POSITIVE_INFINITY) this.farFinite++;
      } else this.farFinite--;
    }
  }

  /** Sets every key to Infinity. */
  clear(): void {
    const n = this.keys.length;
    this.keys.fill(Number.POSITIVE_INFINITY);
    this.farKeys.fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < n; i++) {
      this.far[i] = i;
      this.position[i] = -1 - i;
    }
    this.farSize = n;
    this.farFinite = 0;
    this.heapSize = 0;
    this.boundary = Number.NEGATIVE_INFINITY;
  }

  /**
   * Refills the empty heap with the far neurons keyed before the next window's end. The window usually
   * follows the previous one (one scan); when that holds nobody, it restarts at the earliest far key.
   */
  private refill(): void {
    if (this.farFinite === 0) return;
    if (this.boundary > Number.NEGATIVE_INFINITY && this.moveBefore(this.boundary + this.window) > 0) return;
    const farKeys = this.farKeys;
    let min = Number.POSITIVE_INFINITY;
    for (let s = 0; s < this.farSize; s++) {
      const k = farKeys[s]!;
      if (k < min) min = k;
    }
    // The relative term keeps the window non-empty where steps fall below the float spacing.
    this.moveBefore(min + Math.max(this.window, Math.abs(min) * 1e-12));
  }

  /** Sets the boundary and moves the far neurons keyed before it into the heap; returns how many. */
  private moveBefore(boundary: number): number {
    this.boundary = boundary;
    const far = this.far;
    const farKeys = this.farKeys;
    let moved = 0;
    for (let s = 0; s < this.farSize; ) {
      const key = farKeys[s]!;
      if (key < boundary) {
        const neuron = far[s]!;
        this.removeFar(s, key);
        this.siftUp(this.heapSize++, neuron, key);
        moved++;
      } else s++; // removeFar moved another neuron into slot s, so s is only advanced here
    }
    // Adapt the window so a refill moves about refillTarget neurons.
    if (moved > 0 && moved < this.refillTarget >> 1) this.window *= 2;
    else if (moved > 2 * this.refillTarget && this.window > 1e-9) this.window *= 0.5;
    return moved;
  }

  private pushFar(neuron: number, key: number): void {
    const s = this.farSize++;
    this.far[s] = neuron;
    this.farKeys[s] = key;
    this.position[neuron] = -1 - s;
    if (key !== Number.POSITIVE_INFINITY) this.farFinite++;
  }

  /** Removes far-list entry s, whose key was `key`, by moving the last entry into its place. */
  private removeFar(s: number, key: number): void {
    if (key !== Number.POSITIVE_INFINITY) this.farFinite--;
    const end = --this.farSize;
    const last = this.far[end]!;
    this.far[s] = last;
    this.farKeys[s] = this.farKeys[end]!;
    this.position[last] = -1 - s;
  }

  /** Removes heap slot i by moving the last slot into its place. */
  private removeSlot(i: number): void {
    const end = --this.heapSize;
    if (i === end) return;
    const n = this.heap[end]!;
    const key = this.slotKeys[end]!;
    if (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = this.slotKeys[parent]!;
      if (key < pk || (key === pk && n < this.heap[parent]!)) {
        this.siftUp(i, n, key);
        return;
      }
    }
    this.siftDown(i, n, key);
  }

  // Comparisons are inlined: (key, index) order, the hot loop of every spike.
  private siftUp(i: number, n: number, key: number): void {
    const heap = this.heap;
    const slotKeys = this.slotKeys;
    const position = this.position;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = slotKeys[parent]!;
      const p = heap[parent]!;
      if (pk < key || (pk === key && p < n)) break;
      heap[i] = p;
      slotKeys[i] = pk;
      position[p] = i;
      i = parent;
    }
    heap[i] = n;
    slotKeys[i] = key;
    position[n] = i;
  }

  private siftDown(i: number, n: number, key: number): void {
    const heap = this.heap;
    const slotKeys = this.slotKeys;
    const position = this.position;
    const size = this.heapSize;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      // The earliest of up to four children, by (key, index).
      let child = first;
      let ck = slotKeys[first]!;
      let c = heap[first]!;
      const last = Math.min(first + 4, size);
      for (let s = first + 1; s < last; s++) {
        const sk = slotKeys[s]!;
        if (sk > ck) continue;
        const sn = heap[s]!;
        if (sk < ck || sn < c) {
          child = s;
          ck = sk;
          c = sn;
        }
      }
      if (key < ck || (key === ck && n < c)) break;
      heap[i] = c;
      slotKeys[i] = ck;
      position[c] = i;
      i = child;
    }
    heap[i] = n;
    slotKeys[i] = key;
    position[n] = i;
  }
}
