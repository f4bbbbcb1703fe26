import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { NeuronHeap } from './neuron-heap.js';

/** The (key, index) minimum by a full scan: the reference the heap must agree with. */
function scanMinimum(keys: Float64Array): number {
  let best = 0;
  for (let i = 1; i < keys.length; i++) if (keys[i]! < keys[best]!) best = i;
  return best;
}

describe('NeuronHeap (two tiers)', () => {
  it('pops in (key, index) order while keys move forward, as a simulation drives it', () => {
    const size = 300;
    const rng = new Rng(11);
    const heap = new NeuronHeap(size);
    const keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < size; i++) {
      const key = rng.bernoulli(0.05) ? Number.POSITIVE_INFINITY : rng.uniform(0, 50);
      heap.update(i, key);
      keys[i] = key;
    }
    let now = 0;
    for (let step = 0; step < 20000; step++) {
      const expected = scanMinimum(keys);
      expect(heap.topKey()).toBe(keys[expected]);
      if (!Number.isFinite(keys[expected]!)) break;
      expect(heap.top()).toBe(expected);
      now = keys[expected]!;
      // The due neuron moves ahead (near or far, sometimes to a tie or to Infinity), and a random
      // other neuron is pulled earlier or pushed later, as inputs do.
      const ahead = rng.bernoulli(0.02) ? Number.POSITIVE_INFINITY : now + Math.floor(rng.uniform(0, 40));
      heap.update(expected, ahead);
      keys[expected] = ahead;
      const other = rng.int(size);
      const moved = rng.bernoulli(0.5) ? now + rng.uniform(0, 2) : now + rng.uniform(0, 80);
      heap.update(other, moved);
      keys[other] = moved;
    }
    expect(now).toBeGreaterThan(100);
  });

  it('forgets every key on clear', () => {
    const heap = new NeuronHeap(10);
    for (let i = 0; i < 10; i++) heap.update(i, i);
    expect(heap.top()).toBe(0);
    heap.clear();
    expect(heap.topKey()).toBe(Number.POSITIVE_INFINITY);
    heap.update(7, 3);
    expect(heap.topKey()).toBe(3);
    expect(heap.top()).toBe(7);
  });
});
