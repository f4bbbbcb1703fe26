import type { LifParams } from '@scrutable/spiking-sim';
import { Network } from '@scrutable/spiking-sim';

/** Measured and closed-form firing of one LIF neuron under one drive. */
export interface RatePoint {
  /** Input rate (Hz) of the regular train, or the resting-potential shift (mV) of a constant current. */
  readonly drive: number;
  readonly measuredHz: number;
  readonly expectedHz: number;
}

/** LIF firing rates under regular input and under constant current, against closed forms. */
export interface LifRateResult {
  readonly params: Partial<LifParams>;
  readonly weightMv: number;
  readonly regularInput: RatePoint[];
  readonly constantCurrent: RatePoint[];
  readonly maxRelativeError: number;
}

const PARAMS = { tauMs: 20, restMv: -65, resetMv: -65, thresholdMv: -50, refractoryMs: 2 } as const;

/**
 * Inter-spike interval under a regular train (period T, jump w, no input lost to refractoriness):
 * after a spike at an input, V after the k-th next input is
 * E + (Vr − E)·e^(−kT/τ) + w·(1 − e^(−kT/τ)) / (1 − e^(−T/τ)); the neuron fires at the first k where
 * this reaches threshold, so the interval is k·T.
 */
export function regularTrainIntervalMs(periodMs: number, weightMv: number): number {
  const { tauMs, restMv, resetMv, thresholdMv } = PARAMS;
  const a = Math.exp(-periodMs / tauMs);
  for (let k = 1; k < 100_000; k++) {
    const ak = a ** k;
    if (restMv + (resetMv - restMv) * ak + (weightMv * (1 - ak)) / (1 - a) >= thresholdMv)
      return k * periodMs;
  }
  return Number.POSITIVE_INFINITY;
}

/** Inter-spike interval under a constant current shifting rest by `biasMv`: t_ref + τ·ln((E − Vr)/(E − θ)). */
export function constantCurrentIntervalMs(biasMv: number): number {
  const { tauMs, restMv, resetMv, thresholdMv, refractoryMs } = PARAMS;
  const e = restMv + biasMv;
  return e > thresholdMv
    ? refractoryMs + tauMs * Math.log((e - resetMv) / (e - thresholdMv))
    : Number.POSITIVE_INFINITY;
}

/** Mean inter-spike interval of a recorded train, from its first to its last spike. */
function meanIntervalMs(times: Float64Array): number {
  return times.length < 2
    ? Number.POSITIVE_INFINITY
    : (times[times.length - 1]! - times[0]!) / (times.length - 1);
}

/** Runs the simulator under each drive for `durationMs` and compares rates with the closed forms. */
export function measureLifRates(
  inputRatesHz: readonly number[] = [120, 200, 300, 450],
  biasesMv: readonly number[] = [16, 20, 30, 50],
  weightMv = 6,
  durationMs = 5000,
): LifRateResult {
  const regularInput = inputRatesHz.map((rateHz) => {
    const period = 1000 / rateHz;
    const net = new Network({ seed: 0 });
    net.addSource('in', 1);
    net.addLif('lif', 1, PARAMS);
    net.connectSynapses('in', 'lif', { pre: [0], post: [0], weights: [weightMv], delaysMs: [0] });
    for (let t = period; t <= durationMs; t += period) net.injectSpike('in', 0, t);
    net.run(durationMs);
    return {
      drive: rateHz,
      measuredHz: 1000 / meanIntervalMs(net.spikes('lif').timesMs),
      expectedHz: 1000 / regularTrainIntervalMs(period, weightMv),
    };
  });
  const constantCurrent = biasesMv.map((biasMv) => {
    const net = new Network({ seed: 0 });
    net.addLif('lif', 1, PARAMS);
    net.setBias('lif', [biasMv]);
    net.run(durationMs);
    return {
      drive: biasMv,
      measuredHz: 1000 / meanIntervalMs(net.spikes('lif').timesMs),
      expectedHz: 1000 / constantCurrentIntervalMs(biasMv),
    };
  });
  let maxRelativeError = 0;
  for (const p of [...regularInput, ...constantCurrent])
    maxRelativeError = Math.max(maxRelativeError, Math.abs(p.measuredHz - p.expectedHz) / p.expectedHz);
  return { params: PARAMS, weightMv, regularInput, constantCurrent, maxRelativeError };
}
