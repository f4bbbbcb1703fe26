import type { OutputHead } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { fitReadout, readOut } from './readout.js';

// Planted responses: neurons 0-1 fire for class 0, 2-3 for class 1, neuron 4 for bit = 1, neuron 5 never.
const heads: OutputHead[] = [
  { name: 'c', kind: 'class', size: 2 },
  { name: 'b', kind: 'binary', size: 1 },
  { name: 'r', kind: 'real', size: 1 },
];
const neurons = 6;
const examples = [
  { cls: 0, bit: 1, real: 2, counts: [5, 4, 0, 1, 3, 0] },
  { cls: 0, bit: 0, real: 2, counts: [6, 3, 1, 0, 0, 0] },
  { cls: 1, bit: 1, real: 6, counts: [0, 1, 5, 6, 4, 0] },
  { cls: 1, bit: 0, real: 6, counts: [1, 0, 4, 5, 0, 0] },
];
const counts = Float64Array.from(examples.flatMap((e) => e.counts));
const targets = Float32Array.from(
  examples.flatMap((e) => [e.cls === 0 ? 1 : 0, e.cls === 1 ? 1 : 0, e.bit, e.real]),
);

describe('neuron-labelling readout', () => {
  it('labels each neuron with the class it fires most for (Diehl & Cook)', () => {
    const readout = fitReadout(counts, neurons, targets, heads, 'label');
    const classes = readout.labellings[0]!;
    const label = (n: number) => [0, 1].find((c) => classes.assignment[n * 2 + c] === 1) ?? -1;
    expect([0, 1, 2, 3, 4, 5].map(label)).toEqual([0, 0, 1, 1, 1, -1]);
    const out = new Float32Array(4);
    readOut(readout, [9, 9, 0, 0, 0, 0], out);
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(0);
    // Bit head: neuron 4 is the only one labelled "1" with a higher mean count; a response from it alone reads 1.
    readOut(readout, [0, 0, 0, 0, 7, 0], out);
    expect(out[2]).toBeGreaterThan(0.5);
  });

  it('reads real heads as the spike-weighted mean of the targets each neuron saw', () => {
    const readout = fitReadout(counts, neurons, targets, heads, 'vote');
    const real = readout.labellings[2]!;
    // Neuron 0 fired 11 spikes at target 2 and 1 at target 6.
    expect(real.assignment[0]).toBeCloseTo((11 * 2 + 1 * 6) / 12, 12);
    const out = new Float32Array(4);
    readOut(readout, [1, 0, 0, 0, 0, 0], out);
    expect(out[3]).toBeCloseTo((11 * 2 + 1 * 6) / 12, 5);
    readOut(readout, [0, 0, 0, 0, 0, 0], out);
    expect(out[3]).toBe(4); // no spikes: the target mean
    expect(out[0]).toBe(0.5); // and every class alike
  });

  it('votes with each neuron’s normalised class profile', () => {
    const readout = fitReadout(counts, neurons, targets, heads, 'vote');
    const classes = readout.labellings[0]!;
    // Neuron 0: mean 5.5 for class 0, 0.5 for class 1.
    expect(classes.assignment[0]).toBeCloseTo(5.5 / 6, 12);
    expect(classes.assignment[1]).toBeCloseTo(0.5 / 6, 12);
    const out = new Float32Array(4);
    readOut(readout, [0, 0, 6, 6, 0, 0], out);
    expect(out[1]).toBeGreaterThan(out[0]!);
  });
});
