/**
 * A binary min-heap of timed events on typed arrays, ordered by (time, insertion sequence) so that
 * simultaneous events come out in the order they were scheduled. Each event carries one int payload.
 */
export class EventHeap {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private payloads = new Int32Array(1024);
  private nextSeq = 0;
  /** Number of pending events. */
  size = 0;

  /** Schedules `payload` at `time`. */
  push(time: number, payload: number): void {
    if (this.size === this.times.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.size++;
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Time of the earliest event, Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Removes the earliest event and returns its payload (the heap must not be empty). */
  pop(): number {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = payloads[0]!;
    const n = --this.size;
    if (n === 0) return top;
    const t = times[n]!;
    const s = seqs[n]!;
    const p = payloads[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const ct = times[child]!;
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) child = right;
      }
      const ct = times[child]!;
      if (t < ct || (t === ct && s < seqs[child]!)) break;
      times[i] = ct;
      seqs[i] = seqs[child]!;
      payloads[i] = payloads[child]!;
      i = child;
    }
    times[i] = t;
    seqs[i] = s;
    payloads[i] = p;
    return top;
  }

  /** Drops every pending event. */
  clear(): void {
    this.size = 0;
    this.nextSeq = 0;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const seqs = new Float64Array(n);
    const payloads = new Int32Array(n);
    times.set(this.times);
    seqs.set(this.seqs);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
  }
}
