import type { InputTrains } from './input-trains.js';

/**
 * The presynaptic part of the e-prop eligibility trace of a leaky integrate-and-fire neuron with
 * voltage-jump synapses (Bellec et al. 2020, eq. 20 in continuous time): each channel's spike train
 * filtered by the membrane, x̄_i(t) = Σ_{s ≤ t} e^{−(t − s)/τm}. It is ∂V_j/∂w_ji of a neuron that has
 * not fired, so it does not depend on the postsynaptic neuron. Sampled at t_k = k·sampleMs,
 * k = 1..samples; returns [samples x channels], row-major.
 */
export function presynapticTraces(
  trains: InputTrains,
  channels: number,
  sampleMs: number,
  samples: number,
  tauMs: number,
): Float64Array {
  const out = new Float64Array(samples * channels);
  const trace = new Float64Array(channels);
  const lastMs = new Float64Array(channels);
  let next = 0;
  for (let k = 0; k < samples; k++) {
    const t = (k + 1) * sampleMs;
    for (; next < trains.timesMs.length && trains.timesMs[next]! <= t; next++) {
      const i = trains.channels[next]!;
      const s = trains.timesMs[next]!;
      trace[i] = trace[i]! * Math.exp((lastMs[i]! - s) / tauMs) + 1;
      lastMs[i] = s;
    }
    const row = k * channels;
    for (let i = 0; i < channels; i++)
      if (trace[i] !== 0) out[row + i] = trace[i]! * Math.exp((lastMs[i]! - t) / tauMs);
  }
  return out;
}

/** Threshold and rest (mV) the pseudo-derivative is measured against. */
export interface Membrane {
  readonly thresholdMv: number;
  readonly restMv: number;
}

/**
 * The pseudo-derivative standing in for ∂z/∂V of a spike (Bellec et al. 2020):
 * ψ = (γ/d)·max(0, 1 − |V − V_th|/d), with d = V_th − V_rest (per mV).
 */
export function pseudoDerivative(vMv: number, membrane: Membrane, gamma: number): number {
  const d = membrane.thresholdMv - membrane.restMv;
  return (gamma / d) * Math.max(0, 1 - Math.abs(vMv - membrane.thresholdMv) / d);
}

/**
 * The eligibility traces e_ji(t_k) = ψ_j(t_k)·x̄_i(t_k) summed over the window's samples: with a readout
 * that integrates the whole window, this sum is what the learning signal at the window's end
 * multiplies. `psi`: [samples x hidden]; `traces`: [samples x channels]. Adds into `out`
 * [hidden x channels]. Skips zero factors (most neurons are far from threshold most of the time).
 */
export function addSummedEligibility(
  psi: Float64Array,
  traces: Float64Array,
  hidden: number,
  channels: number,
  out: Float64Array,
): void {
  const samples = psi.length / hidden;
  for (let k = 0; k < samples; k++) {
    const traceRow = k * channels;
    for (let j = 0; j < hidden; j++) {
      const p = psi[k * hidden + j]!;
      if (p === 0) continue;
      const outRow = j * channels;
      for (let i = 0; i < channels; i++) out[outRow + i]! += p * traces[traceRow + i]!;
    }
  }
}
