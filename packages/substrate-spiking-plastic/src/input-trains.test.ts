import { describe, expect, it } from 'vitest';
import { clockSpikes, inputTrains, regularTimes } from './input-trains.js';

const poisson = { maxRateHz: 200, clockRateHz: 100, coding: 'poisson' } as const;
const regular = { ...poisson, coding: 'regular' } as const;

/** The spike times of one channel. */
const timesOf = (t: ReturnType<typeof inputTrains>, channel: number): number[] =>
  Array.from(t.timesMs).filter((_, s) => t.channels[s] === channel);

describe('input trains', () => {
  it('fire Poisson spikes at x · maxRateHz (mean count over many draws) and a regular clock', () => {
    const x = [1, 0.25, 0, 2, -1];
    const totals = new Float64Array(x.length + 1);
    const draws = 400;
    for (let seed = 0; seed < draws; seed++) {
      const t = inputTrains(x, poisson, 50, seed);
      for (let i = 0; i < totals.length; i++) totals[i]! += t.counts[i]!;
      for (let s = 1; s < t.timesMs.length; s++)
        expect(t.timesMs[s]).toBeGreaterThanOrEqual(t.timesMs[s - 1]!);
    }
    // Expected counts 10, 2.5, 0, 10 (clipped to 1), 0 (clipped to 0); the standard error of a mean of
    // 400 Poisson(10) counts is 0.16, so 0.6 is about four of them.
    expect(Math.abs(totals[0]! / draws - 10)).toBeLessThan(0.6);
    expect(Math.abs(totals[1]! / draws - 2.5)).toBeLessThan(0.3);
    expect(totals[2]).toBe(0);
    expect(Math.abs(totals[3]! / draws - 10)).toBeLessThan(0.6);
    expect(totals[4]).toBe(0);
    expect(totals[5]! / draws).toBe(clockSpikes(poisson, 50));
    expect(clockSpikes(poisson, 50)).toBe(5);
  });

  it('fire regular spikes at the middle of each period, the same for every seed', () => {
    // 200 Hz: period 5 ms; 0.25 → 50 Hz: period 20 ms; 0.3 → 60 Hz: period 50/3 ms; the clock at 100 Hz.
    const t = inputTrains([1, 0.25, 0.3, 0], regular, 50, 7);
    expect(timesOf(t, 0)).toEqual([2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 32.5, 37.5, 42.5, 47.5]);
    expect(timesOf(t, 1)).toEqual([10, 30]);
    const third = timesOf(t, 2);
    expect(third).toHaveLength(3);
    for (const [k, ms] of [25 / 3, 25, 125 / 3].entries()) expect(third[k]).toBeCloseTo(ms, 12);
    expect(timesOf(t, 3)).toEqual([]);
    expect(timesOf(t, 4)).toEqual([5, 15, 25, 35, 45]);
    expect(Array.from(t.counts)).toEqual([10, 2, 3, 0, 5]);
    const other = inputTrains([1, 0.25, 0.3, 0], regular, 50, 8);
    expect(Array.from(other.timesMs)).toEqual(Array.from(t.timesMs));
  });

  it('regular trains round rate × window, halves down', () => {
    expect(regularTimes(50, 50)).toHaveLength(2); // 2.5 spikes: the third would fall at 50 ms
    expect(regularTimes(70, 50)).toHaveLength(3); // 3.5
    expect(regularTimes(72, 50)).toHaveLength(4); // 3.6
    expect(regularTimes(56, 50)).toHaveLength(3); // 2.8
    expect(regularTimes(0, 50)).toEqual([]);
  });

  it('are reproduced exactly from their seed', () => {
    const a = inputTrains([0.5, 0.7], poisson, 40, 3);
    const b = inputTrains([0.5, 0.7], poisson, 40, 3);
    expect(Array.from(a.timesMs)).toEqual(Array.from(b.timesMs));
    expect(Array.from(a.channels)).toEqual(Array.from(b.channels));
  });
});
