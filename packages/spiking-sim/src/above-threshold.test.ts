import { describe, expect, it } from 'vitest';
import { Network } from './network.js';
import { DEFAULT_LIF } from './params.js';

// A bias change or a reset can leave a neuron standing above threshold with no upward crossing ahead
// (its rest is above threshold too, or V is above a rest below it). It must fire at once, not wait
// forever (V above threshold and silent) or be re-keyed at the same time forever (a hang).
describe('a neuron left above threshold', () => {
  const { tauMs, restMv, resetMv, thresholdMv, refractoryMs } = DEFAULT_LIF;
  const aboveRest = (biasMv: number) => {
    const net = new Network({ seed: 1 });
    net.addLif('h', 1);
    net.compile();
    net.setBias('h', [25.9]); // rest −39.1 mV, above the −50 mV threshold
    net.resetState(0); // V at that rest
    net.setBias('h', [biasMv]);
    return net;
  };

  it('fires at once and then at the closed-form period when its new rest is also above threshold', () => {
    const bias = 19.158;
    const net = aboveRest(bias);
    net.run(100);
    const rest = restMv + bias;
    // after each spike: V held at reset while refractory, then V(t) = E + (reset − E)·e^(−t/τ)
    const period = refractoryMs + tauMs * Math.log((resetMv - rest) / (thresholdMv - rest));
    const expected = [0, period, 2 * period, 3 * period].filter((t) => t < 100);
    const { timesMs: times } = net.spikes('h');
    expect(times.length).toBe(expected.length);
    for (const [i, t] of times.entries()) expect(t).toBeCloseTo(expected[i]!, 9);
  });

  it('fires once when its new rest is below threshold', () => {
    const net = aboveRest(0);
    net.run(100);
    expect(Array.from(net.spikes('h').timesMs)).toEqual([0]);
  });
});
