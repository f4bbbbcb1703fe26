import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { Network } from './network.js';

// Non-leaky integrate-and-fire and reset by subtraction, each against a closed form or an invariant
// computed here from the inputs alone.

const TIME_TOLERANCE_MS = 1e-9;
const POTENTIAL_TOLERANCE_MV = 1e-9;
const BAD_INPUT = expect.objectContaining({ code: 'BAD_INPUT' });

/** One neuron (rest and reset 0 mV, threshold 1 mV) driven by listed input spikes from a source. */
function singleNeuron(
  params: Record<string, unknown>,
  inputs: { timesMs: number[]; weightsMv: number[] } = { timesMs: [], weightsMv: [] },
): Network {
  const net = new Network({ seed: 3 });
  const n = inputs.timesMs.length;
  net.addSource('in', Math.max(1, n));
  net.addLif('if', 1, { restMv: 0, resetMv: 0, thresholdMv: 1, refractoryMs: 0, ...params });
  if (n > 0) {
    const pre = Array.from({ length: n }, (_, i) => i);
    net.connectSynapses('in', 'if', {
      pre,
      post: pre.map(() => 0),
      weights: inputs.weightsMv,
      delaysMs: pre.map(() => 0),
    });
    inputs.timesMs.forEach((t, i) => {
      net.injectSpike('in', i, t);
    });
  }
  return net;
}

describe('non-leaky integrate-and-fire', () => {
  it('keeps every input: V is the plain sum of the jumps received', () => {
    const net = singleNeuron(
      { leaky: false, thresholdMv: 100 },
      { timesMs: [1, 7, 30, 250], weightsMv: [3, -1.25, 40, 0.5] },
    );
    net.run(400);
    expect(Math.abs(net.state('if').v[0]! - (3 - 1.25 + 40 + 0.5))).toBeLessThan(POTENTIAL_TOLERANCE_MV);
  });

  it('fires on a constant drive at t_k = k·τm·(θ − V_reset)/bias + (k − 1)·t_ref (reset to a value)', () => {
    const tauMs = 10;
    const biasMv = 0.4; // V rises by bias/τm = 0.04 mV per ms
    const refractoryMs = 3;
    const net = singleNeuron({ leaky: false, tauMs, resetMv: -0.5, refractoryMs });
    net.setBias('if', [biasMv]);
    net.run(500);
    const { timesMs } = net.spikes('if');
    // From V = 0 the first crossing takes τ·1/bias; from reset −0.5 each later one τ·1.5/bias, after t_ref.
    const first = (tauMs * 1) / biasMv;
    const period = (tauMs * 1.5) / biasMv + refractoryMs;
    const expected = Array.from(
      { length: Math.floor((500 - first) / period) + 1 },
      (_, k) => first + k * period,
    );
    expect(timesMs.length).toBe(expected.length);
    expected.forEach((t, k) => {
      expect(Math.abs(timesMs[k]! - t)).toBeLessThan(TIME_TOLERANCE_MS);
    });
  });

  it('starts a new presentation at rest, not at rest + bias, and repeats its spikes exactly', () => {
    const net = singleNeuron({ leaky: false, tauMs: 1, reset: 'subtract' });
    net.setBias('if', [0.37]);
    net.run(101);
    const first = Array.from(net.spikes('if').timesMs);
    net.resetState(0);
    expect(net.state('if').v[0]).toBe(0);
    net.run(101);
    expect(Array.from(net.spikes('if').timesMs)).toEqual(first);
    expect(first.length).toBe(Math.floor(0.37 * 100));
  });

  it('with reset by subtraction conserves charge: spikes = ⌊Q/θ⌋ and V = Q − spikes·θ for random input', () => {
    const rng = new Rng(17);
    for (let trial = 0; trial < 5; trial++) {
      const count = 60;
      const timesMs = Array.from({ length: count }, () => rng.uniform(0, 200)).sort((a, b) => a - b);
      // Mostly below threshold, some several thresholds high (several spikes at once).
      const weightsMv = timesMs.map(() =>
        rng.uniform(0, 1) < 0.1 ? rng.uniform(1, 3.5) : rng.uniform(0, 0.6),
      );
      const tauMs = 20;
      const biasMv = rng.uniform(0, 0.5);
      const net = singleNeuron({ leaky: false, tauMs, reset: 'subtract' }, { timesMs, weightsMv });
      net.setBias('if', [biasMv]);
      const untilMs = 250;
      net.run(untilMs);
      const charge = weightsMv.reduce((a, b) => a + b, 0) + (biasMv * untilMs) / tauMs;
      const spikes = net.spikeCounts('if')[0]!;
      expect(spikes).toBe(Math.floor(charge));
      expect(Math.abs(net.state('if').v[0]! - (charge - spikes))).toBeLessThan(1e-7);
    }
  });

  it('rejects a non-leaky neuron with current synapses or a decaying threshold, and subtraction with refractoriness', () => {
    const net = new Network();
    expect(() => net.addLif('a', 1, { leaky: false, synapse: 'exponential', tauSynMs: 5 })).toThrow(
      BAD_INPUT,
    );
    expect(() => net.addLif('b', 1, { leaky: false, thetaPlusMv: 1, tauThetaMs: 100 })).toThrow(BAD_INPUT);
    expect(() => net.addLif('c', 1, { reset: 'subtract', refractoryMs: 2 })).toThrow(BAD_INPUT);
    expect(() => net.addLif('d', 1, { reset: 'zero' as 'value' })).toThrow(BAD_INPUT);
  });
});

describe('reset by subtraction (leaky)', () => {
  it('keeps what V held above threshold, then decays as V(t) = E + (V₀ − E)·e^(−(t − t₀)/τm)', () => {
    const tauMs = 20;
    // rest = reset = 0, threshold 1: an input of 1.75 at t = 10 ms fires and leaves V = 0.75.
    const net = singleNeuron({ tauMs, reset: 'subtract' }, { timesMs: [10], weightsMv: [1.75] });
    net.run(30);
    expect(net.spikeCounts('if')[0]).toBe(1);
    expect(Math.abs(net.state('if').v[0]! - 0.75 * Math.exp(-20 / tauMs))).toBeLessThan(
      POTENTIAL_TOLERANCE_MV,
    );
    const byValue = singleNeuron({ tauMs }, { timesMs: [10], weightsMv: [1.75] });
    byValue.run(30);
    expect(Math.abs(byValue.state('if').v[0]!)).toBeLessThan(POTENTIAL_TOLERANCE_MV);
  });

  it('fires k times at once on an input k thresholds high', () => {
    const net = singleNeuron({ reset: 'subtract' }, { timesMs: [5], weightsMv: [3.5] });
    net.run(6);
    expect(net.spikeCounts('if')[0]).toBe(3);
    expect(Array.from(net.spikes('if').timesMs)).toEqual([5, 5, 5]);
  });

  it('under a constant drive above threshold fires with period τm·ln((E − V_reset)/(E − θ))', () => {
    const tauMs = 15;
    const driveMv = 1.6; // the resting potential the bias sets, above the 1 mV threshold
    const net = singleNeuron({ tauMs, reset: 'subtract' });
    net.setBias('if', [driveMv]);
    net.run(300);
    const { timesMs } = net.spikes('if');
    const period = tauMs * Math.log(driveMv / (driveMv - 1));
    expect(timesMs.length).toBe(Math.floor(300 / period));
    timesMs.forEach((t, k) => {
      expect(Math.abs(t - (k + 1) * period)).toBeLessThan(1e-6);
    });
  });
});
