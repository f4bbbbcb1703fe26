import { Network } from '@scrutable/spiking-sim';
import { describe, expect, it } from 'vitest';
import { clampCounts, spikeTimes } from './clamp-counts.js';

describe('clampCounts', () => {
  it('makes each clamped unit fire round(count) spikes in the window, whatever its input', () => {
    for (const windowMs of [50, 200, 1000]) {
      const net = new Network({ seed: 1 });
      net.addSource('in', 1);
      net.addLif('n', 4, { tauMs: 20, restMv: -65, resetMv: -65, thresholdMv: -52, refractoryMs: 2 });
      net.connect('in', 'n', { weight: 20, delayMs: 1 });
      net.resetState(3);
      net.setRates('in', [400]); // drives every unit hard
      clampCounts(net, 'n', [0, 1, 2], [0, 3, 7.4], windowMs);
      net.run(windowMs);
      const counts = net.spikeCounts('n');
      expect([counts[0], counts[1], counts[2]]).toEqual([0, 3, 7]);
      expect(counts[3]).toBeGreaterThan(7); // the unclamped unit follows its input
      // With no own spikes the train is regular: the rate is count / window.
      const spikes = net.spikes('n');
      const times = Array.from(spikes.timesMs).filter((_, i) => spikes.neurons[i] === 1);
      expect(times).toEqual([0.5, 1.5, 2.5].map((k) => (k * windowMs) / 3));
    }
  });

  it('keeps a unit’s own spike times at its own count, thins them evenly, and tops them up regularly', () => {
    const own = [3, 10, 40, 41, 90];
    expect(spikeTimes(5, own, 100)).toEqual(own);
    expect(spikeTimes(5.2, own, 100)).toEqual(own);
    // Two of five: the spikes at positions ⌊0.5·5/2⌋ = 1 and ⌊1.5·5/2⌋ = 3.
    expect(spikeTimes(2, own, 100)).toEqual([10, 41]);
    expect(spikeTimes(0, own, 100)).toEqual([]);
    // Seven: the five own spikes and two more at (k + ½)·100 / 2.
    expect(spikeTimes(7, own, 100)).toEqual([...own, 25, 75]);
  });

  it('a clamp to a unit’s own times and count reproduces the unclamped run exactly', () => {
    const build = () => {
      const net = new Network({ seed: 2 });
      net.addSource('in', 3);
      net.addLif('a', 3, { tauMs: 20, restMv: -65, resetMv: -65, thresholdMv: -52, refractoryMs: 2 });
      net.addLif('b', 2, { tauMs: 10, restMv: -65, resetMv: -65, thresholdMv: -55, refractoryMs: 2 });
      net.connect('in', 'a', { weight: 8, delayMs: 1 });
      net.connect('a', 'b', { weight: 6, delayMs: 0.5 });
      return net;
    };
    const free = build();
    free.resetState(5);
    free.setRates('in', [200, 150, 100]);
    free.run(100);
    const spikes = free.spikes('a');
    const own = [0, 1, 2].map((u) => Array.from(spikes.timesMs).filter((_, i) => spikes.neurons[i] === u));
    const clamped = build();
    clamped.resetState(5);
    clamped.setRates('in', [200, 150, 100]);
    clampCounts(clamped, 'a', [0, 1, 2], free.spikeCounts('a'), 100, own);
    clamped.run(100);
    expect(clamped.spikeCounts('b')).toEqual(free.spikeCounts('b'));
    expect(clamped.spikes('b').timesMs).toEqual(free.spikes('b').timesMs);
  });
});
