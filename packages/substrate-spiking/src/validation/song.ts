import type { StdpRule } from '@scrutable/spiking-sim';
import { DEFAULT_SIMULATOR, type SimulatorClass } from './simulator.js';

/** Final weight distribution of the Song, Miller & Abbott (2000) experiment. */
export interface SongResult {
  readonly inputs: number;
  readonly inputRateHz: number;
  readonly simulatedS: number;
  readonly rule: Partial<StdpRule>;
  /** Ten equal bins over [wMin, wMax]: the fraction of weights in each. */
  readonly histogram: number[];
  /** Fraction of weights within 10% of either bound. */
  readonly nearBounds: number;
  /** Fractions within 10% of the lower and of the upper bound (bimodal: both large, not one). */
  readonly nearLower: number;
  readonly nearUpper: number;
  /** Fraction of weights in the middle 40% of the range. */
  readonly middle: number;
  readonly postRateHz: number;
}

/**
 * Many Poisson inputs onto one LIF neuron through additive all-to-all STDP with A− = 1.05·A+ and
 * τ± = 20 ms (Song et al.): competition between the synapses drives the weights to the bounds (a
 * bimodal distribution). Differences from the original, so the run takes about a second: 200 excitatory
 * inputs at 10 Hz (not 1000) with voltage-jump synapses of up to 1.5 mV instead of conductances, and a
 * quarter as many fixed inhibitory inputs (10 Hz, −2 mV) keeping the neuron fluctuation-driven.
 */
export function runSongExperiment(
  options: { inputs?: number; simulatedS?: number; seed?: number; simulator?: SimulatorClass } = {},
): SongResult {
  const inputs = options.inputs ?? 200;
  const simulatedS = options.simulatedS ?? 300;
  const inputRateHz = 10;
  // Fixed inhibitory inputs keep the neuron in the fluctuation-driven regime of the original.
  const inhibitory = Math.round(inputs / 4);
  const inhibitoryMv = -2;
  const wMax = 1.5;
  const rule: Partial<StdpRule> = {
    aPlus: 0.005 * wMax,
    aMinus: 1.05 * 0.005 * wMax,
    tauPlusMs: 20,
    tauMinusMs: 20,
    wMin: 0,
    wMax,
    dependence: 'additive',
    pairing: 'all-to-all',
  };
  const net = new (options.simulator ?? DEFAULT_SIMULATOR)({ seed: options.seed ?? 1 });
  net.addSource('in', inputs, inputRateHz);
  net.addLif('post', 1, { tauMs: 20, restMv: -70, resetMv: -60, thresholdMv: -54, refractoryMs: 1 });
  net.addSource('inh', inhibitory, 10);
  net.connect('in', 'post', { weight: (_i, _j, rng) => rng.uniform(0, wMax), delayMs: 1, stdp: rule });
  net.connect('inh', 'post', { weight: inhibitoryMv, delayMs: 1 });
  net.record('in', false);
  net.record('inh', false);
  net.run(simulatedS * 1000);
  const w = net.weights('in', 'post');
  const histogram = new Array<number>(10).fill(0);
  let nearLower = 0;
  let nearUpper = 0;
  let middle = 0;
  for (const x of w) {
    const u = x / wMax;
    histogram[Math.min(9, Math.floor(u * 10))]! += 1 / w.length;
    if (u <= 0.1) nearLower += 1 / w.length;
    if (u >= 0.9) nearUpper += 1 / w.length;
    if (u > 0.3 && u < 0.7) middle += 1 / w.length;
  }
  return {
    inputs,
    inputRateHz,
    simulatedS,
    rule,
    histogram,
    nearBounds: nearLower + nearUpper,
    nearLower,
    nearUpper,
    middle,
    postRateHz: net.spikes('post').timesMs.length / simulatedS,
  };
}
