import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.js';
import { NeuronHeap } from './neuron-heap.js';

describe('EventHeap', () => {
  it('pops events in (time, scheduling order), like a stable sort of everything pushed', () => {
    const rng = new Rng(3);
    const heap = new EventHeap();
    const pushed: { time: number; payload: number }[] = [];
    for (let k = 0; k < 5000; k++) {
      // Few distinct times, so many ties.
      const time = rng.int(50) * 0.5;
      heap.push(time, k);
      pushed.push({ time, payload: k });
    }
    const expected = [...pushed]
      .sort((a, b) => a.time - b.time || a.payload - b.payload)
      .map((e) => e.payload);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    expect(popped).toEqual(expected);
    expect(heap.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('NeuronHeap', () => {
  it('always exposes the smallest key (ties to the lower index) under random updates', () => {
    const rng = new Rng(5);
    const heap = new NeuronHeap(200);
    const keys = new Float64Array(200).fill(Number.POSITIVE_INFINITY);
    for (let k = 0; k < 5000; k++) {
      const n = rng.int(200);
      const key = rng.bernoulli(0.1) ? Number.POSITIVE_INFINITY : rng.int(100);
      heap.update(n, key);
      keys[n] = key;
      let best = 0;
      for (let i = 1; i < 200; i++) if (keys[i]! < keys[best]!) best = i;
      expect(heap.topKey()).toBe(keys[best]);
      if (Number.isFinite(keys[best]!)) expect(heap.top()).toBe(best);
    }
  });
});
