import { Rng } from '@scrutable/core';
import { Network } from '@scrutable/spiking-sim';

/** The neuron parameters of benchmark 4, shared by both populations. */
export const BRETTE2007_LIF = { tauMs: 20, restMv: -49, resetMv: -60, thresholdMv: -50, refractoryMs: 5 };
/** Its populations, in the order they are added (so in global index order). */
export const BRETTE2007_POPULATIONS = ['exc', 'inh'] as const;

/**
 * Brette et al. (2007) benchmark 4: LIF neurons with voltage-jump synapses, 80% excitatory and 20%
 * inhibitory, 2% random connectivity. τm = 20 ms, rest −49 mV (above the −50 mV threshold, so neurons
 * fire on their own), reset −60 mV, 5 ms refractory, jumps +0.25 mV (excitatory) and −2.25 mV
 * (inhibitory), instantaneous transmission, initial potentials uniform in [reset, threshold].
 * With `stdp`, excitatory synapses learn by additive all-to-all STDP, bounded to [0, 0.5] mV.
 */
export function brette2007Network(neurons: number, seed: number, stdp: boolean): Network {
  const net = new Network({ seed });
  const exc = Math.round(neurons * 0.8);
  net.addLif('exc', exc, BRETTE2007_LIF);
  net.addLif('inh', neurons - exc, BRETTE2007_LIF);
  const rule = { aPlus: 0.0025, aMinus: 0.002625, wMin: 0, wMax: 0.5 };
  for (const to of BRETTE2007_POPULATIONS) {
    net.connect('exc', to, { weight: 0.25, delayMs: 0, probability: 0.02, ...(stdp ? { stdp: rule } : {}) });
    net.connect('inh', to, { weight: -2.25, delayMs: 0, probability: 0.02 });
  }
  const rng = new Rng(seed).fork('potentials');
  for (const name of BRETTE2007_POPULATIONS) {
    net.record(name, false);
    const size = net.population(name).size;
    net.setPotentials(
      name,
      Float64Array.from({ length: size }, () =>
        rng.uniform(BRETTE2007_LIF.resetMv, BRETTE2007_LIF.thresholdMv),
      ),
    );
  }
  return net;
}

/** What one timed run of the network gives. */
export interface Brette2007Run {
  wallMsPerSimulatedS: number;
  eventsPerS: number;
  rateHz: number;
}

/** One run of this network for `simulatedMs`, its building untimed. */
export interface Brette2007Job {
  neurons: number;
  simulatedMs: number;
  seed: number;
  stdp: boolean;
}

/** Builds the network and times `simulatedMs` of it (building is not timed). */
export function timeBrette2007({ neurons, simulatedMs, seed, stdp }: Brette2007Job): Brette2007Run {
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

/** One end-to-end sample (build + run) of the network; see brette2007-end-to-end-worker. */
export interface EndToEndJob {
  neurons: number;
  simulatedMs: number;
  seed: number;
}

/** Seconds for the first build + run in a fresh isolate (code not yet compiled), and once warm. */
export interface EndToEndRun {
  coldSeconds: number;
  warmSeconds: number;
}

/** Wall seconds to build the benchmark 4 network and simulate `simulatedMs` (for the peer comparison). */
export function endToEndSeconds(neurons: number, simulatedMs: number, seed: number): number {
  const start = performance.now();
  brette2007Network(neurons, seed, false).run(simulatedMs);
  return (performance.now() - start) / 1000;
}
