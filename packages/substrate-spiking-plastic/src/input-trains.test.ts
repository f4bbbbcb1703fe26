import { describe, expect, it } from 'vitest';
import { clockSpikes, inputTrains } from './input-trains.js';

const encoding = { maxRateHz: 200, clockRateHz: 100 };

describe('input trains', () => {
  it('fire Poisson spikes at x · maxRateHz (mean count over many draws) and a regular clock', () => {
    const x = [1, 0.25, 0, 2, -1];
    const totals = new Float64Array(x.length + 1);
    const draws = 400;
    for (let seed = 0; seed < draws; seed++) {
      const t = inputTrains(x, encoding, 50, seed);
      for (let i = 0; i < totals.length; i++) totals[i]! += t.counts[i]!;
      for (let s = 1; s < t.timesMs.length; s++)
        expect(t.timesMs[s]).toBeGreaterThanOrEqual(t.timesMs[s - 1]!);
    }
    // Expected counts 10, 2.5, 0, 10 (clipped to 1), 0 (clipped to 0); the standard error of a mean of
    // 400 Poisson(10) counts is 0.16, so 0.6 is about four of them.
    expect(totals[0]! / draws).toBeCloseTo(10, 0);
    expect(Math.abs(totals[0]! / draws - 10)).toBeLessThan(0.6);
    expect(Math.abs(totals[1]! / draws - 2.5)).toBeLessThan(0.3);
    expect(totals[2]).toBe(0);
    expect(Math.abs(totals[3]! / draws - 10)).toBeLessThan(0.6);
    expect(totals[4]).toBe(0);
    expect(totals[5]! / draws).toBe(clockSpikes(encoding, 50));
    expect(clockSpikes(encoding, 50)).toBe(5);
  });

  it('are reproduced exactly from their seed', () => {
    const a = inputTrains([0.5, 0.7], encoding, 40, 3);
    const b = inputTrains([0.5, 0.7], encoding, 40, 3);
    expect(Array.from(a.timesMs)).toEqual(Array.from(b.timesMs));
    expect(Array.from(a.channels)).toEqual(Array.from(b.channels));
  });
});
