import type { LifParams } from '@scrutable/spiking-sim';
import { DEFAULT_SIMULATOR, type SimulatorClass } from './simulator.js';

/** The LIF neuron of the f–I check (ms, mV). */
const PARAMS = {
  tauMs: 20,
  restMv: -65,
  resetMv: -65,
  thresholdMv: -50,
  refractoryMs: 2,
} as const satisfies Partial<LifParams>;
/** Step of the brute-force integration (ms): errors of order STEP/ISI, about 1e−4 here. */
const STEP_MS = 1e-3;
const MS_PER_S = 1000;

/** The simulator's rate and the brute-force integration's, under one drive. */
export interface FiPoint {
  /** Resting-potential shift of a constant current (mV), or input rate of a regular train (Hz). */
  readonly drive: number;
  readonly kind: 'constant current (mV)' | 'regular input (Hz)';
  readonly measuredHz: number;
  readonly bruteForceHz: number;
}

/** Mean rate from the first to the last spike (Hz); 0 with fewer than two spikes. */
function rateHz(times: ArrayLike<number>): number {
  const n = times.length;
  return n < 2 ? 0 : (MS_PER_S * (n - 1)) / (times[n - 1]! - times[0]!);
}

/**
 * The neuron integrated step by step over a fine grid, with no crossing formula: each step relaxes V
 * toward the biased rest by the exact one-step factor, adds the inputs that arrived in it, and fires
 * when V reaches threshold (then holds V at reset through the refractory period).
 */
export function bruteForceSpikeTimes(
  biasMv: number,
  inputTimesMs: readonly number[],
  weightMv: number,
  durationMs: number,
): number[] {
  const { tauMs, restMv, resetMv, thresholdMv, refractoryMs } = PARAMS;
  const target = restMv + biasMv;
  const decay = Math.exp(-STEP_MS / tauMs);
  const steps = Math.round(durationMs / STEP_MS);
  const spikes: number[] = [];
  let v = restMv;
  let next = 0;
  let refractoryUntil = Number.NEGATIVE_INFINITY;
  for (let s = 1; s <= steps; s++) {
    const t = s * STEP_MS;
    if (t < refractoryUntil) {
      while (next < inputTimesMs.length && inputTimesMs[next]! <= t) next++; // discarded
      continue;
    }
    v = target + (v - target) * decay;
    while (next < inputTimesMs.length && inputTimesMs[next]! <= t) {
      v += weightMv;
      next++;
    }
    if (v >= thresholdMv) {
      spikes.push(t);
      v = resetMv;
      refractoryUntil = t + refractoryMs;
    }
  }
  return spikes;
}

/** Rates of the simulator and of the brute-force integration, under constant currents and regular trains. */
export function measureFiCurve(
  simulator: SimulatorClass = DEFAULT_SIMULATOR,
  biasesMv: readonly number[] = [16, 20, 30, 50],
  inputRatesHz: readonly number[] = [120, 200, 300, 450],
  weightMv = 6,
  durationMs = 2000,
): { points: FiPoint[]; maxRelativeError: number } {
  const points: FiPoint[] = [];
  for (const biasMv of biasesMv) {
    const net = new simulator({ seed: 0 });
    net.addLif('lif', 1, PARAMS);
    net.setBias('lif', [biasMv]);
    net.run(durationMs);
    points.push({
      drive: biasMv,
      kind: 'constant current (mV)',
      measuredHz: rateHz(net.spikes('lif').timesMs),
      bruteForceHz: rateHz(bruteForceSpikeTimes(biasMv, [], 0, durationMs)),
    });
  }
  for (const inputHz of inputRatesHz) {
    const period = MS_PER_S / inputHz;
    const inputs = Array.from({ length: Math.floor(durationMs / period) }, (_, k) => (k + 1) * period);
    const net = new simulator({ seed: 0 });
    net.addSource('in', 1);
    net.addLif('lif', 1, PARAMS);
    net.connectSynapses('in', 'lif', { pre: [0], post: [0], weights: [weightMv], delaysMs: [0] });
    for (const t of inputs) net.injectSpike('in', 0, t);
    net.run(durationMs);
    points.push({
      drive: inputHz,
      kind: 'regular input (Hz)',
      measuredHz: rateHz(net.spikes('lif').timesMs),
      bruteForceHz: rateHz(bruteForceSpikeTimes(0, inputs, weightMv, durationMs)),
    });
  }
  let maxRelativeError = 0;
  for (const p of points)
    maxRelativeError = Math.max(maxRelativeError, Math.abs(p.measuredHz - p.bruteForceHz) / p.bruteForceHz);
  return { points, maxRelativeError };
}
