import { isScrutableError, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { Network } from './network.js';

function code(action: () => unknown): string | undefined {
  try {
    action();
  } catch (e) {
    return isScrutableError(e) ? e.code : `other: ${(e as Error).message}`;
  }
  return undefined;
}

describe('Network input validation', () => {
  const make = () => {
    const net = new Network();
    net.addSource('in', 2);
    net.addLif('lif', 2);
    return net;
  };
  it('rejects negative delays, NaN weights, negative rates and unknown populations', () => {
    expect(code(() => make().connect('in', 'lif', { weight: 1, delayMs: -1 }))).toBe('BAD_INPUT');
    expect(code(() => make().connect('in', 'lif', { weight: Number.NaN }))).toBe('BAD_INPUT');
    expect(code(() => make().setRates('in', [-1, 2]))).toBe('BAD_INPUT');
    expect(code(() => make().addSource('more', 2, Number.NaN))).toBe('BAD_INPUT');
    expect(code(() => make().connect('in', 'nowhere', { weight: 1 }))).toBe('UNKNOWN_NAME');
    expect(code(() => make().spikes('nowhere'))).toBe('UNKNOWN_NAME');
    expect(code(() => make().addLif('bad', 3, { tauMs: -5 }))).toBe('BAD_INPUT');
    expect(code(() => make().connect('in', 'lif', { weight: 1, stdp: { wMin: 1, wMax: 0 } }))).toBe(
      'BAD_INPUT',
    );
    const net = make();
    net.run(10);
    expect(code(() => net.injectSpike('in', 0, 5))).toBe('BAD_INPUT');
    expect(code(() => net.addLif('late', 1))).toBe('BAD_INPUT');
  });
});

describe('Network dynamics', () => {
  it('discards voltage jumps that arrive during the refractory period', () => {
    const net = new Network();
    net.addSource('in', 1);
    net.addLif('lif', 1, { restMv: -65, resetMv: -65, thresholdMv: -50, refractoryMs: 5 });
    net.connectSynapses('in', 'lif', { pre: [0], post: [0], weights: [20], delaysMs: [0] });
    net.injectSpike('in', 0, 1); // fires the neuron at 1 ms
    net.injectSpike('in', 0, 3); // inside refractoriness: lost
    net.injectSpike('in', 0, 6); // after it: fires again
    net.run(10);
    expect(Array.from(net.spikes('lif').timesMs)).toEqual([1, 6]);
  });

  it('fires on its own from the start when resting above threshold, with no call but run', () => {
    const net = new Network();
    net.addLif('lif', 1, { tauMs: 20, restMv: -49, resetMv: -60, thresholdMv: -50, refractoryMs: 5 });
    net.run(120);
    // At rest it is above threshold at once; after each spike it relaxes from reset to threshold in
    // τ·ln((reset − E)/(threshold − E)) = 20·ln 11 ms, after 5 ms of refractoriness.
    const period = 5 + 20 * Math.log(11);
    const times = Array.from(net.spikes('lif').timesMs);
    expect(times).toHaveLength(3);
    for (const [k, t] of times.entries()) expect(t).toBeCloseTo(k * period, 9);
  });

  it('decays exactly between events: V after a sub-threshold jump follows E + w·e^(−t/τ)', () => {
    const net = new Network();
    net.addSource('in', 1);
    net.addLif('lif', 1, { tauMs: 20, restMv: -70, thresholdMv: -50 });
    net.connectSynapses('in', 'lif', { pre: [0], post: [0], weights: [4], delaysMs: [2] });
    net.injectSpike('in', 0, 1);
    net.run(1 + 2 + 13);
    expect(net.state('lif').v[0]).toBeCloseTo(-70 + 4 * Math.exp(-13 / 20), 12);
  });

  it('reproduces a run exactly from its seed, and differs with another seed', () => {
    const run = (seed: number) => {
      const net = new Network({ seed });
      net.addSource('in', 50, 20);
      net.addLif('lif', 20, { synapse: 'exponential', tauSynMs: 5 });
      net.connect('in', 'lif', { weight: (_i, _j, rng) => rng.uniform(0, 40), probability: 0.3, delayMs: 1 });
      net.run(200);
      return Array.from(net.spikes('lif').timesMs);
    };
    expect(run(4)).toEqual(run(4));
    expect(run(4).length).toBeGreaterThan(0);
    expect(run(4)).not.toEqual(run(5));
  });
});

describe('weights as a dense matrix', () => {
  // Listed out of (pre, delay, post) order, with a multapse, so the compile sorts them.
  const synapses = {
    pre: [2, 0, 1, 0, 2, 0],
    post: [0, 1, 2, 1, 2, 0],
    weights: [0.5, 0.25, -1, 0.125, 2, 3],
    delaysMs: [1, 2, 1, 0.5, 1, 3],
  };
  const make = () => {
    const net = new Network();
    net.addSource('in', 3);
    net.addLif('lif', 4);
    net.connectSynapses('in', 'lif', synapses);
    return net;
  };
  const cell = (post: number, pre: number) => post * 3 + pre;

  it('puts each synapse at [post, pre], summing a multapse', () => {
    const expected = new Float64Array(12);
    synapses.pre.forEach((pre, k) => {
      expected[cell(synapses.post[k]!, pre)]! += synapses.weights[k]!;
    });
    expect(make().weights('in', 'lif')).toEqual(expected);
  });

  it('writes back only where a synapse is, each synapse its cell', () => {
    const net = make();
    net.setWeights(
      'in',
      'lif',
      Float64Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const read = net.weights('in', 'lif');
    for (let i = 0; i < 12; i++) {
      const count = synapses.pre.filter((pre, k) => cell(synapses.post[k]!, pre) === i).length;
      expect(read[i]).toBe(count * (i + 1));
    }
  });
});

describe('fast-path delivery', () => {
  // Benchmark-4-like dynamics (rest above threshold, voltage jumps), every neuron reaching many targets
  // at once, and each projection listing some synapses twice. A threshold with a finite time constant but
  // no jumps never moves, so it gives the same dynamics through the general voltage-jump path, which
  // settles each synapse as it arrives: the two must agree spike for spike.
  const spikeTimes = (tauThetaMs: number) => {
    const rng = new Rng(11);
    const net = new Network({ seed: 3 });
    const params = { tauMs: 20, restMv: -49, resetMv: -60, thresholdMv: -50, refractoryMs: 2, tauThetaMs };
    net.addLif('exc', 80, params);
    net.addLif('inh', 20, params);
    for (const [from, size, weight] of [
      ['exc', 80, 0.4],
      ['inh', 20, -3],
    ] as const) {
      for (const [to, targets] of [
        ['exc', 80],
        ['inh', 20],
      ] as const) {
        const pre: number[] = [];
        const post: number[] = [];
        for (let i = 0; i < size; i++)
          for (let j = 0; j < targets; j++) {
            if (!rng.bernoulli(0.2)) continue;
            const copies = rng.bernoulli(0.1) ? 2 : 1; // a multapse: the same pair twice
            for (let c = 0; c < copies; c++) {
              pre.push(i);
              post.push(j);
            }
          }
        net.connectSynapses(from, to, {
          pre,
          post,
          weights: pre.map(() => weight),
          delaysMs: pre.map(() => (from === 'exc' ? 0 : 0.5)),
        });
      }
    }
    const v = new Rng(5);
    net.setPotentials(
      'exc',
      Array.from({ length: 80 }, () => v.uniform(-60, -50)),
    );
    net.setPotentials(
      'inh',
      Array.from({ length: 20 }, () => v.uniform(-60, -50)),
    );
    net.run(300);
    return Array.from(net.spikes('exc').timesMs);
  };

  // One source spike at 1 ms through zero-delay synapses; the jump each LIF neuron (rest −65 mV) took.
  const jumps = (sources: number, lifs: number, connect: (net: Network) => void) => {
    const net = new Network();
    net.addSource('in', sources);
    net.addLif('lif', lifs);
    connect(net);
    net.injectSpike('in', 0, 1);
    net.run(1);
    return Array.from(net.state('lif').v, (v) => v + 65);
  };
  const listed = (post: number[], weights: number[]) => ({
    pre: post.map(() => 0),
    post,
    weights,
    delaysMs: post.map(() => 0),
  });

  it('delivers weights written after compile, shared or not', () => {
    const written = jumps(1, 2, (net) => {
      net.connectSynapses('in', 'lif', listed([0, 1], [2, 2]));
      net.setWeights('in', 'lif', [3, 4]);
    });
    expect(written[0]).toBeCloseTo(3, 9);
    expect(written[1]).toBeCloseTo(4, 9);
    const normalized = jumps(1, 2, (net) => {
      net.connectSynapses('in', 'lif', listed([0, 1], [2, 2]));
      net.normalizeIncoming('in', 'lif', 5);
    });
    expect(normalized[0]).toBeCloseTo(5, 9);
    expect(normalized[1]).toBeCloseTo(5, 9);
  });

  it('delivers to neurons whose index needs more than 16 bits', () => {
    const v = jumps(1 << 16, 2, (net) => net.connectSynapses('in', 'lif', listed([1], [2])));
    expect(v[0]).toBe(0);
    expect(v[1]).toBeCloseTo(2, 9);
  });

  it('settles a delivery to many targets, multapses included, as the general path does', () => {
    const fast = spikeTimes(Number.POSITIVE_INFINITY);
    const general = spikeTimes(1e12);
    expect(fast.length).toBeGreaterThan(200);
    expect(fast.length).toBe(general.length);
    fast.forEach((t, k) => {
      expect(Math.abs(t - general[k]!)).toBeLessThan(1e-6);
    });
  });
});

/**
 * A brute-force clocked reference written independently of the simulator: forward Euler with a 1 µs
 * step, inputs applied at the step containing their arrival, threshold checked at the end of each step.
 */
function clockedReference(spec: RandomNetwork, durationMs: number, dt = 1e-3): number[][] {
  const n = spec.neurons;
  const v = new Float64Array(n).fill(spec.rest);
  const current = new Float64Array(n);
  const theta = new Float64Array(n);
  const refractoryUntil = new Float64Array(n).fill(-1);
  const spikes: number[][] = Array.from({ length: n }, () => []);
  const pending: { time: number; target: number; weight: number }[] = spec.inputs.map((x) => ({ ...x }));
  const steps = Math.round(durationMs / dt);
  // Step s covers (s·dt, (s+1)·dt]; integer step indices, so no event falls between two steps.
  const stepOf = (time: number) => Math.ceil(time / dt - 1e-6) - 1;
  for (let step = 0; step < steps; step++) {
    const end = (step + 1) * dt;
    for (let k = pending.length - 1; k >= 0; k--) {
      const e = pending[k]!;
      if (stepOf(e.time) <= step) {
        if (spec.exponential) current[e.target]! += e.weight;
        else if (e.time >= refractoryUntil[e.target]!) v[e.target]! += e.weight;
        pending.splice(k, 1);
      }
    }
    for (let i = 0; i < n; i++) {
      const dv = (spec.rest + spec.bias[i]! - v[i]! + current[i]!) / spec.tau;
      current[i]! -= (dt * current[i]!) / spec.tauSyn;
      theta[i]! -= (dt * theta[i]!) / spec.tauTheta;
      if (end <= refractoryUntil[i]!) v[i] = spec.reset;
      else v[i]! += dt * dv;
      if (v[i]! >= spec.threshold + theta[i]!) {
        spikes[i]!.push(end);
        v[i] = spec.reset;
        theta[i]! += spec.thetaPlus;
        refractoryUntil[i] = end + spec.refractory;
        for (const s of spec.synapses)
          if (s.pre === i) pending.push({ time: end + s.delay, target: s.post, weight: s.weight });
      }
    }
  }
  return spikes;
}

interface RandomNetwork {
  neurons: number;
  exponential: boolean;
  rest: number;
  reset: number;
  threshold: number;
  tau: number;
  tauSyn: number;
  tauTheta: number;
  thetaPlus: number;
  refractory: number;
  bias: number[];
  synapses: { pre: number; post: number; weight: number; delay: number }[];
  inputs: { time: number; target: number; weight: number }[];
}

function randomNetwork(seed: number, exponential: boolean, tauTheta: number): RandomNetwork {
  const rng = new Rng(seed);
  const neurons = 6;
  // A current of w mV peaks at about 0.13·w mV of depolarisation (τs = 4, τm = 20): scale it up.
  const scale = exponential ? 6 : 1;
  const synapses: RandomNetwork['synapses'] = [];
  for (let i = 0; i < neurons; i++)
    for (let j = 0; j < neurons; j++)
      if (i !== j && rng.bernoulli(0.5))
        synapses.push({
          pre: i,
          post: j,
          weight: scale * rng.uniform(-3, 6),
          delay: 0.5 + rng.int(8) * 0.25,
        });
  const inputs = Array.from({ length: 80 }, () => ({
    time: 0.3 + rng.int(3000) * 0.01 + 0.0037,
    target: rng.int(neurons),
    weight: scale * rng.uniform(2, 9),
  }));
  return {
    neurons,
    exponential,
    rest: -65,
    reset: -68,
    threshold: -50,
    tau: 20,
    tauSyn: 4,
    tauTheta,
    thetaPlus: 2,
    refractory: 2,
    bias: Array.from({ length: neurons }, () => (exponential ? 0 : rng.uniform(0, 18))),
    synapses,
    inputs,
  };
}

function eventDriven(spec: RandomNetwork, durationMs: number): number[][] {
  const net = new Network();
  net.addSource('in', spec.inputs.length);
  net.addLif('lif', spec.neurons, {
    tauMs: spec.tau,
    restMv: spec.rest,
    resetMv: spec.reset,
    thresholdMv: spec.threshold,
    refractoryMs: spec.refractory,
    thetaPlusMv: spec.thetaPlus,
    tauThetaMs: spec.tauTheta,
    synapse: spec.exponential ? 'exponential' : 'jump',
    tauSynMs: spec.tauSyn,
  });
  net.connectSynapses('in', 'lif', {
    pre: spec.inputs.map((_, k) => k),
    post: spec.inputs.map((x) => x.target),
    weights: spec.inputs.map((x) => x.weight),
    delaysMs: spec.inputs.map(() => 0),
  });
  net.connectSynapses('lif', 'lif', {
    pre: spec.synapses.map((s) => s.pre),
    post: spec.synapses.map((s) => s.post),
    weights: spec.synapses.map((s) => s.weight),
    delaysMs: spec.synapses.map((s) => s.delay),
  });
  net.setBias('lif', spec.bias);
  spec.inputs.forEach((x, k) => {
    net.injectSpike('in', k, x.time);
  });
  net.run(durationMs);
  const train = net.spikes('lif');
  const out: number[][] = Array.from({ length: spec.neurons }, () => []);
  train.neurons.forEach((i, k) => {
    out[i]!.push(train.timesMs[k]!);
  });
  return out;
}

describe('event-driven exactness against a 1 µs clocked reference', () => {
  for (const [label, exponential, tauTheta] of [
    ['voltage jumps, drive above threshold, threshold jumps that persist', false, Number.POSITIVE_INFINITY],
    ['voltage jumps, drive above threshold, decaying adaptive threshold', false, 30],
    ['exponential currents, decaying adaptive threshold', true, 30],
  ] as const) {
    it(`matches spike times within 0.02 ms: ${label}`, () => {
      let total = 0;
      for (const seed of [1, 2]) {
        const spec = randomNetwork(seed, exponential, tauTheta);
        const exact = eventDriven(spec, 40);
        const reference = clockedReference(spec, 40);
        for (let i = 0; i < spec.neurons; i++) {
          expect(exact[i]!.length).toBe(reference[i]!.length);
          exact[i]!.forEach((t, k) => {
            expect(Math.abs(t - reference[i]![k]!)).toBeLessThan(0.02);
          });
          total += exact[i]!.length;
        }
      }
      expect(total).toBeGreaterThan(10);
    });
  }
});
