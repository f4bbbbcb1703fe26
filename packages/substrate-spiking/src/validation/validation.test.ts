import { describe, expect, it } from 'vitest';
import { measureLifRates } from './lif-rate.js';
import { runSongExperiment } from './song.js';

describe('LIF firing rate', () => {
  it('under a regular input train equals the rate from iterating decay-then-jump by hand', () => {
    const result = measureLifRates([120, 200, 300, 450], [], 6, 3000);
    for (const p of result.regularInput) {
      // From reset (−65 mV, = rest): decay over one period toward −65, add the jump, until −50 is reached.
      const period = 1000 / p.drive;
      let v = -65;
      let inputs = 0;
      do {
        v = -65 + (v + 65) * Math.exp(-period / 20) + 6;
        inputs++;
      } while (v < -50);
      expect(p.measuredHz).toBeCloseTo(1000 / (inputs * period), 6);
    }
  });

  it('under a constant current equals 1 / (t_ref + τ·ln((E − V_reset)/(E − θ)))', () => {
    const result = measureLifRates([], [16, 25, 40], 6, 3000);
    for (const p of result.constantCurrent) {
      const e = -65 + p.drive;
      expect(p.measuredHz).toBeCloseTo(1000 / (2 + 20 * Math.log((e + 65) / (e + 50))), 6);
    }
  });
});

describe('Song, Miller & Abbott (2000)', () => {
  it('additive STDP drives Poisson-driven weights to a bimodal distribution', () => {
    const result = runSongExperiment({ seed: 3 });
    const fractionAtBounds = result.histogram[0]! + result.histogram[9]!;
    expect(fractionAtBounds).toBeGreaterThan(0.5);
    expect(result.nearBounds).toBeGreaterThanOrEqual(0.7);
    expect(result.middle).toBeLessThanOrEqual(0.2);
  }, 60_000);
});
