// More neurons than this in the earliest bucket, with distinct keys, narrows the buckets.
const CROWDED = 32;
// More neurons than this in the earliest bucket, all on one key, are put in index order once.
const TIED = 8;
/** Widest bucket (ms) a refill may adapt to. */
const MAX_WIDTH_MS = 1e6;

/**
 * Every neuron's next self-generated spike time (a Poisson draw, or the predicted threshold crossing;
 * Infinity when none), with the earliest one at hand. Ties go to the lower neuron index. Keys change in
 * place, so no stale entry is ever kept.
 *
 * A calendar queue (Brown 1988) in two tiers. Neurons keyed before `end` sit in buckets of equal width
 * covering [origin, end), each an unsorted doubly linked list; the others in an unsorted far list,
 * where changing a key costs nothing. Setting a key is O(1): unlink, compute the bucket, link. The
 * bucket index is a monotone function of the key (clamped to the first and last bucket, which keeps it
 * monotone), so buckets are in key order and every far key is at or after `end`: the earliest key is
 * the (key, index) minimum of the first non-empty bucket, found by a cursor that moves back only when a
 * key lands before it. When the buckets run dry, one scan of the far list moves the neurons of the next
 * window into them. The width adapts so that a window takes in about one neuron per four buckets, and
 * shrinks when the earliest bucket holds many distinct keys.
 */
export class NeuronHeap {
  /** Key per neuron (absolute ms). */
  readonly keys: Float64Array;
  // Near tier: bucket lists (first neuron per bucket, links per neuron; −1 ends a list).
  private readonly buckets: number;
  private readonly first: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private nearCount = 0;
  /** Every bucket before the cursor is empty. */
  private cursor = 0;
  private origin = 0;
  private invWidth = 1;
  /** End of the near tier's window: near keys are below it, far keys at or above it. */
  private end = Number.NEGATIVE_INFINITY;
  /** Bucket width of the next window (ms), adapted at each refill. */
  private width = 1;
  /** The earliest neuron, while known (−1: scan the cursor's bucket again). */
  private best = -1;
  /**
   * A bucket whose neurons share one key and are listed in index order (−1: none), so its earliest is
   * its first: neurons that spike together are reset together and come due together, and scanning the
   * whole group for each of them would cost the square of its size. Any link into it ends the order
   * (an emptied bucket, after a refill or flush, can only fill again by links).
   */
  private tied = -1;
  /** Room to sort a tied bucket's neurons by index. */
  private readonly order: Int32Array;
  // Far tier: unsorted neuron list, with keys alongside so a refill scans one array.
  private readonly far: Int32Array;
  private readonly farKeys: Float64Array;
  private farSize = 0;
  /** Finite keys in the far tier (when none, the near tier cannot be refilled). */
  private farFinite = 0;
  /** Bucket of a neuron (>= 0), or −1 − its index in the far list. */
  private readonly position: Int32Array;

  constructor(size: number) {
    let buckets = 16;
    while (buckets < size && buckets < 1 << 16) buckets *= 2;
    this.buckets = buckets;
    this.first = new Int32Array(buckets).fill(-1);
    this.keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.far = new Int32Array(size);
    this.farKeys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.position = new Int32Array(size);
    this.order = new Int32Array(size);
    this.clear();
  }

  /** The neuron with the earliest key (meaningful when `topKey()` is finite). */
  top(): number {
    if (this.best < 0) this.findBest();
    return this.best;
  }

  /** The earliest key, Infinity when no neuron is due. */
  topKey(): number {
    if (this.best < 0) this.findBest();
    return this.best < 0 ? Number.POSITIVE_INFINITY : this.keys[this.best]!;
  }

  /** Sets the key of `neuron`. */
  update(neuron: number, key: number): void {
    const old = this.keys[neuron]!;
    if (old === key) return;
    this.keys[neuron] = key;
    const at = this.position[neuron]!;
    if (at < 0) {
      if (key >= this.end) {
        // Far to far: the key changes in place.
        this.farKeys[-1 - at] = key;
        if (key !== Number.POSITIVE_INFINITY) {
          if (old === Number.POSITIVE_INFINITY) this.farFinite++;
        } else this.farFinite--;
        return;
      }
      this.removeFar(-1 - at, old);
    } else this.unlink(neuron, at);
    if (key >= this.end) this.pushFar(neuron, key);
    else this.link(neuron, key);
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
    this.first.fill(-1);
    this.farSize = n;
    this.farFinite = 0;
    this.nearCount = 0;
    this.cursor = 0;
    this.best = -1;
    this.end = Number.NEGATIVE_INFINITY;
  }

  /** Finds the earliest neuron (−1 when every key is Infinity): the (key, index) minimum of the first non-empty bucket. */
  private findBest(): void {
    for (;;) {
      if (this.nearCount === 0) this.refill();
      if (this.nearCount === 0) return;
      const first = this.first;
      let b = this.cursor;
      while (first[b] === -1) b++;
      this.cursor = b;
      if (b === this.tied) {
        this.best = first[b]!;
        return;
      }
      const keys = this.keys;
      const next = this.next;
      let best = first[b]!;
      let bestKey = keys[best]!;
      let latest = bestKey;
      let count = 1;
      for (let n = next[best]!; n !== -1; n = next[n]!) {
        const k = keys[n]!;
        count++;
        if (k > latest) latest = k;
        if (k < bestKey || (k === bestKey && n < best)) {
          best = n;
          bestKey = k;
        }
      }
      // A crowded bucket of distinct keys means the buckets are too wide: narrow them and start again,
      // while a narrower bucket is still above the floor moveBefore keeps (else the scan just stays long).
      const narrower = 0.25 / this.invWidth;
      if (count > CROWDED && latest > bestKey && narrower > Math.max(1e-9, Math.abs(this.origin) * 1e-12)) {
        this.width = narrower;
        this.flush();
        continue;
      }
      if (count > TIED && latest === bestKey) best = this.sortTied(b, count);
      this.best = best;
      return;
    }
  }

  /** Relinks bucket b, whose `count` neurons share one key, in index order; returns the first. */
  private sortTied(b: number, count: number): number {
    const order = this.order.subarray(0, count);
    let i = 0;
    for (let n = this.first[b]!; n !== -1; n = this.next[n]!) order[i++] = n;
    order.sort();
    let after = -1;
    for (let k = count - 1; k >= 0; k--) {
      const n = order[k]!;
      this.next[n] = after;
      this.prev[n] = k > 0 ? order[k - 1]! : -1;
      after = n;
    }
    this.first[b] = after;
    this.tied = b;
    return after;
  }

  /** Moves every near neuron to the far list and closes the window (the next search refills it). */
  private flush(): void {
    const first = this.first;
    const next = this.next;
    for (let b = this.cursor; b < this.buckets; b++) {
      for (let n = first[b]!; n !== -1; n = next[n]!) this.pushFar(n, this.keys[n]!);
      first[b] = -1;
    }
    this.nearCount = 0;
    this.best = -1;
    this.end = Number.NEGATIVE_INFINITY;
  }

  /** Puts `neuron` (key below `end`) in its bucket. */
  private link(neuron: number, key: number): void {
    const b = Math.min(this.buckets - 1, Math.max(0, Math.floor((key - this.origin) * this.invWidth)));
    const head = this.first[b]!;
    this.next[neuron] = head;
    this.prev[neuron] = -1;
    if (head !== -1) this.prev[head] = neuron;
    this.first[b] = neuron;
    this.position[neuron] = b;
    this.nearCount++;
    if (b === this.tied) this.tied = -1;
    // A key at or before the cursor's bucket may be the new earliest.
    if (b <= this.cursor) {
      this.cursor = b;
      this.best = -1;
    }
  }

  /** Takes `neuron` out of bucket b. */
  private unlink(neuron: number, b: number): void {
    const before = this.prev[neuron]!;
    const after = this.next[neuron]!;
    if (before === -1) this.first[b] = after;
    else this.next[before] = after;
    if (after !== -1) this.prev[after] = before;
    this.nearCount--;
    if (neuron === this.best) this.best = -1;
  }

  /**
   * Refills the empty buckets with the far neurons of the next window. The window usually follows the
   * previous one (one scan); when that holds nobody, it restarts at the earliest far key.
   */
  private refill(): void {
    if (this.farFinite === 0) return;
    if (this.end > Number.NEGATIVE_INFINITY && this.moveBefore(this.end) > 0) return;
    const farKeys = this.farKeys;
    let min = Number.POSITIVE_INFINITY;
    for (let s = 0; s < this.farSize; s++) {
      const k = farKeys[s]!;
      if (k < min) min = k;
    }
    this.moveBefore(min);
  }

  /** Opens the window starting at `origin` and moves the far neurons keyed inside it; returns how many. */
  private moveBefore(origin: number): number {
    // The relative floor keeps bucket indices exact where steps fall below the float spacing.
    const width = Math.max(this.width, Math.abs(origin) * 1e-12);
    this.origin = origin;
    this.invWidth = 1 / width;
    this.end = origin + width * this.buckets;
    this.cursor = 0;
    const end = this.end;
    const far = this.far;
    const farKeys = this.farKeys;
    let moved = 0;
    for (let s = 0; s < this.farSize; ) {
      const key = farKeys[s]!;
      if (key < end) {
        const neuron = far[s]!;
        this.removeFar(s, key);
        this.link(neuron, key);
        moved++;
      } else s++; // removeFar moved another neuron into slot s, so s is only advanced here
    }
    // Adapt the next window to about one neuron per four buckets.
    const target = this.buckets >> 2;
    // Widening is capped: a long sparse stretch would otherwise double the width to Infinity, after
    // which every key shares bucket 0 and no narrowing can separate them.
    if (moved > 0 && moved < target >> 1 && width < MAX_WIDTH_MS) this.width = width * 2;
    else if (moved > 2 * target && width > 1e-9) this.width = width * 0.5;
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
}
