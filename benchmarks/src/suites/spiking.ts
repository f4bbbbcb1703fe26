import { Rng } from '@scrutable/core';
import { Network } from '@scrutable/substrate-spiking';
import type { BenchRecord, BenchSuite } from '../harness.js';

/**
 * Brette et al. (2007) benchmark 4: LIF neurons with voltage-jump synapses, 80% excitatory and 20%
 * inhibitory, 2% random connectivity. τm = 20 ms, rest −49 mV (above the −50 mV threshold, so neurons
 * fire on their own), reset −60 mV, 5 ms refractory, jumps +0.25 mV (excitatory) and −2.25 mV
 * (inhibitory), instantaneous transmission, initial potentials uniform in [reset, threshold].
 * With `stdp`, excitatory synapses learn by additive all-to-all STDP, bounded to [0, 0.5] mV.
 */
function brette2007Network(neurons: number, seed: number, stdp: boolean): Network {
  const net = new Network({ seed });
  const exc = Math.round(neurons * 0.8);
  const params = { tauMs: 20, restMv: -49, resetMv: -60, thresholdMv: -50, refractoryMs: 5 };
  net.addLif('exc', exc, params);
  net.addLif('inh', neurons - exc, params);
  const rule = { aPlus: 0.0025, aMinus: 0.002625, wMin: 0, wMax: 0.5 };
  for (const to of ['exc', 'inh']) {
    net.connect('exc', to, { weight: 0.25, delayMs: 0, probability: 0.02, ...(stdp ? { stdp: rule } : {}) });
    net.connect('inh', to, { weight: -2.25, delayMs: 0, probability: 0.02 });
  }
  const rng = new Rng(seed).fork('potentials');
  for (const name of ['exc', 'inh']) {
    net.record(name, false);
    const size = net.population(name).size;
    net.setPotentials(
      name,
      Float64Array.from({ length: size }, () => rng.uniform(-60, -50)),
    );
  }
  return net;
}

interface Measured {
  wallMsPerSimulatedS: number;
  eventsPerS: number;
  rateHz: number;
}

function measure(neurons: number, simulatedMs: number, seed: number, stdp: boolean): Measured {
  const net = brette2007Network(neurons, seed, stdp);
  const start = performance.now();
  const stats = net.run(simulatedMs);
  const wallMs = performance.now() - start;
  return {
    wallMsPerSimulatedS: (wallMs * 1000) / simulatedMs,
    eventsPerS: stats.synapticEvents / (wallMs / 1000),
    rateHz: (stats.spikes / neurons) * (1000 / simulatedMs),
  };
}

/** Simulator throughput on the Brette et al. 2007 benchmark 4 network, with and without STDP, and its scaling. */
const suite: BenchSuite = {
  name: 'spiking',
  description:
    'Event-driven LIF simulator on Brette et al. 2007 benchmark 4 (voltage-jump synapses, 80/20 E/I, 2% connectivity).',
  async run({ size, repeats, log }) {
    const simulatedMs = size === 'full' ? 1000 : 50;
    const base = size === 'full' ? 4000 : 400;
    const scaling = size === 'full' ? [1000, 2000, 4000, 8000, 16000] : [200, 400];
    const records: BenchRecord[] = [];
    measure(base, simulatedMs / 5, 0, false); // warm-up: lets the JIT compile the hot loop
    for (const stdp of [false, true]) {
      const runs = Array.from({ length: repeats }, (_, r) => measure(base, simulatedMs, r + 1, stdp));
      const name = `spiking.brette4${stdp ? '.stdp' : ''}`;
      const params = { neurons: base, simulatedMs, stdp, meanRateHz: runs.map((m) => m.rateHz) };
      log(
        `${name}: ${runs.map((m) => Math.round(m.eventsPerS).toLocaleString('en-US')).join(', ')} events/s`,
      );
      records.push(
        {
          benchmark: name,
          metric: 'synaptic events/s',
          unit: 'events/s',
          samples: runs.map((m) => m.eventsPerS),
          params,
          target: { op: '>=', value: 50e6 },
        },
        {
          benchmark: name,
          metric: 'wall ms per simulated s',
          unit: 'ms',
          samples: runs.map((m) => m.wallMsPerSimulatedS),
          params,
        },
      );
    }
    for (const neurons of scaling) {
      const runs = Array.from({ length: repeats }, (_, r) => measure(neurons, simulatedMs, r + 1, false));
      log(
        `spiking.scaling.${neurons}: ${runs.map((m) => Math.round(m.wallMsPerSimulatedS)).join(', ')} ms/s`,
      );
      records.push({
        benchmark: `spiking.scaling.${neurons}`,
        metric: 'wall ms per simulated s',
        unit: 'ms',
        samples: runs.map((m) => m.wallMsPerSimulatedS),
        params: {
          neurons,
          simulatedMs,
          meanRateHz: runs.map((m) => m.rateHz),
          eventsPerS: runs.map((m) => m.eventsPerS),
        },
      });
    }
    return records;
  },
};

export default suite;

/** Wall seconds to build the benchmark 4 network and simulate `simulatedMs` (for the peer comparison). */
export function endToEndSeconds(neurons: number, simulatedMs: number, seed: number): number {
  const start = performance.now();
  brette2007Network(neurons, seed, false).run(simulatedMs);
  return (performance.now() - start) / 1000;
}
