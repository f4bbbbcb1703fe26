import type { Network } from '@scrutable/spiking-sim';
import { BRETTE2007_LIF, brette2007Network, BRETTE2007_POPULATIONS as POPULATIONS } from './brette2007.js';

/**
 * One run of the benchmark 4 network as data: its spikes in time order (global neuron index) and its
 * synapses as one CSR table over global indices, each source with the single weight its synapses share.
 */
export interface RecordedRun {
  neurons: number;
  spikeNeuron: Int32Array;
  spikeTime: Float64Array;
  /** Targets of neuron n: target[ptr[n] .. ptr[n+1] − 1]. */
  ptr: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  /** Synaptic events the simulator counted in the run. */
  events: number;
}

/** Runs the network for `simulatedMs` with recording on and returns its spikes and synapses. */
export function recordRun(neurons: number, simulatedMs: number, seed: number): RecordedRun {
  const net = brette2007Network(neurons, seed, false);
  for (const name of POPULATIONS) net.record(name, true);
  const { synapticEvents } = net.run(simulatedMs);
  const spikes = POPULATIONS.flatMap((name) => {
    const { offset } = net.population(name);
    const { neurons: who, timesMs } = net.spikes(name);
    return Array.from(who, (n, k) => ({ n: offset + n, t: timesMs[k]! }));
  }).sort((a, b) => a.t - b.t);
  const lists = synapseLists(net, neurons);
  const ptr = new Int32Array(neurons + 1);
  for (let n = 0; n < neurons; n++) ptr[n + 1] = ptr[n]! + lists.targets[n]!.length;
  return {
    neurons,
    spikeNeuron: Int32Array.from(spikes, (s) => s.n),
    spikeTime: Float64Array.from(spikes, (s) => s.t),
    ptr,
    target: Int32Array.from(lists.targets.flat()),
    weight: lists.weight,
    events: synapticEvents,
  };
}

/** Each neuron's targets (global indices), read from the dense weight matrices, and its shared weight. */
function synapseLists(net: Network, neurons: number): { targets: number[][]; weight: Float64Array } {
  const targets: number[][] = Array.from({ length: neurons }, () => []);
  const weight = new Float64Array(neurons);
  for (const from of POPULATIONS) {
    const src = net.population(from);
    for (const to of POPULATIONS) {
      const dst = net.population(to);
      const dense = net.weights(from, to);
      for (let i = 0; i < src.size; i++)
        for (let r = 0; r < dst.size; r++) {
          const w = dense[r * src.size + i]!;
          if (w === 0) continue;
          targets[src.offset + i]!.push(dst.offset + r);
          weight[src.offset + i] = w;
        }
    }
  }
  return { targets, weight };
}

/**
 * Replays the recorded spikes through the least a delivery can do: per synaptic event, the target's
 * refractory test and one add to its potential, with the source's weight in a register. No queue, no
 * threshold, no prediction: what is left of a simulator when finding the spikes costs nothing. Returns
 * the number of events delivered (every event, refractory or not, as the simulator counts them).
 * `state` holds two values per neuron and is overwritten.
 */
export function replayBare(run: RecordedRun, state: Float64Array): number {
  const { spikeNeuron, spikeTime, ptr, target, weight } = run;
  state.fill(0);
  let events = 0;
  for (let s = 0; s < spikeNeuron.length; s++) {
    const n = spikeNeuron[s]!;
    const t = spikeTime[s]!;
    const w = weight[n]!;
    const end = ptr[n + 1]!;
    // Potential and end of refractoriness side by side, as a simulator keeps them per neuron.
    for (let k = ptr[n]!; k < end; k++) {
      const h = 2 * target[k]!;
      if (t >= state[h + 1]!) state[h]! += w;
    }
    state[2 * n + 1] = t + BRETTE2007_LIF.refractoryMs;
    events += end - ptr[n]!;
  }
  return events;
}

/** The build time of the network and the bare delivery time of one of its runs (seconds, warm). */
export interface PartsRun {
  buildSeconds: number;
  bareDeliverySeconds: number;
  /** Synaptic events of the replayed run. */
  events: number;
}

/** Seconds to build and compile the network (no run). */
export function buildSeconds(neurons: number, seed: number): number {
  const start = performance.now();
  brette2007Network(neurons, seed, false).compile();
  return (performance.now() - start) / 1000;
}
