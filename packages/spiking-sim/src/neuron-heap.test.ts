import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { NeuronHeap } from './neuron-heap.js';

/**
 * Checks the heap's earliest neuron against the (key, index) minimum of `keys` by a full scan, the
 * reference the heap must agree with; returns that neuron, or null when every key is Infinity.
 */
function expectScanMinimum(heap: NeuronHeap, keys: Float64Array): number | null {
  let best = 0;
  for (let i = 1; i < keys.length; i++) if (keys[i]! < keys[best]!) best = i;
  expect(heap.topKey()).toBe(keys[best]);
  if (!Number.isFinite(keys[best]!)) return null;
  expect(heap.top()).toBe(best);
  return best;
}

/** A heap of `size` neurons, a reference copy of its keys, a setter for both, and a seeded generator. */
function keyed(size: number, seed: number) {
  const heap = new NeuronHeap(size);
  const keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const set = (i: number, key: number): void => {
    heap.update(i, key);
    keys[i] = key;
  };
  return { heap, keys, set, rng: new Rng(seed) };
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
      const expected = expectScanMinimum(heap, keys);
      if (expected === null) break;
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
  it('keeps (key, index) order for keys before its window, crowded keys, ties and keys far apart', () => {
    const size = 500;
    const { heap, keys, set, rng } = keyed(size, 12);
    // Keys spread over twelve orders of magnitude, a crowd within a microsecond, and exact ties.
    for (let i = 0; i < size; i++) {
      const kind = i % 4;
      if (kind === 0) set(i, 10 ** rng.uniform(-6, 6));
      else if (kind === 1) set(i, 5 + rng.uniform(0, 1e-3));
      else if (kind === 2) set(i, 7);
      else set(i, rng.uniform(0, 50));
    }
    let previous = 0;
    for (let step = 0; step < 3000; step++) {
      const expected = expectScanMinimum(heap, keys);
      if (expected === null) break;
      const now = keys[expected]!;
      set(expected, rng.bernoulli(0.1) ? Number.POSITIVE_INFINITY : now + 10 ** rng.uniform(-4, 3));
      // Another neuron moves to a tie with now, or anywhere after the previous step's time, as an input
      // processed before the due neuron does (possibly before the queue's current window).
      const other = rng.int(size);
      set(other, rng.bernoulli(0.3) ? now : previous + rng.uniform(0, now - previous + 1e-3));
      previous = now;
    }
  });
  it('gives groups on one key in index order while neurons join, leave and tie with them', () => {
    const size = 400;
    const { heap, keys, set, rng } = keyed(size, 13);
    // Eight groups of fifty neurons on one key each (as neurons spiking together are reset together),
    // keyed in shuffled order so that no bucket lists them by index.
    for (const i of rng.permutation(size)) set(i, 10 * Math.floor(i / 50) + 5);
    for (let step = 0; step < 2000; step++) {
      const expected = expectScanMinimum(heap, keys);
      if (expected === null) break;
      const now = keys[expected]!;
      // The due neuron joins a later group, or moves just after now, into the same bucket.
      set(expected, rng.bernoulli(0.5) ? 10 * rng.int(12) + 5 + 10 * Math.ceil(now / 10) : now + 1e-6);
      // Now and then another neuron ties with the due group, or lands just before it.
      if (rng.bernoulli(0.2)) set(rng.int(size), rng.bernoulli(0.5) ? now : now - 1e-9);
    }
  });
  it('orders a key set before the earliest key it has already given', () => {
    const heap = new NeuronHeap(64);
    for (let i = 1; i < 64; i++) heap.update(i, 1000 + i);
    heap.update(0, 1);
    expect(heap.topKey()).toBe(1);
    // As an input arriving before the earliest crossing would: the new keys precede everything known.
    heap.update(5, 0.5);
    expect([heap.top(), heap.topKey()]).toEqual([5, 0.5]);
    heap.update(9, 0.25);
    heap.update(2, 0.5);
    expect([heap.top(), heap.topKey()]).toEqual([9, 0.25]);
    heap.update(9, 2000);
    expect([heap.top(), heap.topKey()]).toEqual([2, 0.5]); // a tie goes to the lower index
    heap.update(2, 3);
    expect([heap.top(), heap.topKey()]).toEqual([5, 0.5]);
    heap.update(5, 4);
    expect([heap.top(), heap.topKey()]).toEqual([0, 1]);
  });
});

describe('NeuronHeap over many short runs', () => {
  it('still orders a crowd of distinct keys after many sparse runs widened its buckets', () => {
    const size = 300;
    const heap = new NeuronHeap(size);
    const rng = new Rng(5);
    // Many short runs from time 0 (as presentations are), each with a few neurons due: every refill
    // takes in few neurons, which widens the buckets for the next window.
    for (let run = 0; run < 1500; run++) {
      heap.clear();
      for (let k = 0; k < 4; k++) heap.update(rng.int(size), rng.uniform(0, 50));
      while (Number.isFinite(heap.topKey())) heap.update(heap.top(), Number.POSITIVE_INFINITY);
    }
    // Then a crowd: distinct keys within a few ms of each other, and one neuron far later.
    const keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 120; i++) {
      keys[i] = i === 119 ? 1e6 : rng.uniform(0, 3);
      heap.update(i, keys[i]!);
    }
    for (let popped = 0; popped < 120; popped++) {
      const expected = expectScanMinimum(heap, keys);
      expect(expected).not.toBeNull();
      heap.update(expected!, Number.POSITIVE_INFINITY);
      keys[expected!] = Number.POSITIVE_INFINITY;
    }
    expect(heap.topKey()).toBe(Number.POSITIVE_INFINITY);
  });
});
