import { describe, expect, it } from 'vitest';
import { Network } from '../sim/network.js';
import { clampCounts } from './clamp-counts.js';

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
      // Regular spacing: the rate is count / window.
      const times = Array.from(net.spikes('n').timesMs).filter((_, i) => net.spikes('n').neurons[i] === 1);
      expect(times).toEqual([0.5, 1.5, 2.5].map((k) => (k * windowMs) / 3));
    }
  });
});
