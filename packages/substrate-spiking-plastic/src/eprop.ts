import type { PlasticConfig } from './config.js';
import { addSummedEligibility, presynapticTraces, pseudoDerivative } from './eligibility.js';
import { HIDDEN_NEURON, type HiddenRun } from './hidden-layer.js';
import { clockSpikes, type InputTrains } from './input-trains.js';
import { type PlasticWeights, spikesPerUnitInput } from './weights.js';

/** Summed weight changes (before the learning rate), in the units of PlasticWeights. */
export interface Gradients {
  readonly input: Float64Array;
  readonly clock: Float64Array;
  readonly readout: Float64Array;
  readonly readoutBias: Float64Array;
}

export function zeroGradients(w: PlasticWeights): Gradients {
  return {
    input: new Float64Array(w.input.length),
    clock: new Float64Array(w.clock.length),
    readout: new Float64Array(w.readout.length),
    readoutBias: new Float64Array(w.readoutBias.length),
  };
}

/** One presentation as the rule sees it: its input spikes, the hidden run (with potentials), the output error. */
export interface Presentation {
  readonly trains: InputTrains;
  readonly run: HiddenRun;
  /** Output minus target per output column: the error of softmax cross-entropy, sigmoid cross-entropy or squared loss. */
  readonly error: Float64Array;
}

/**
 * The learning signal L_j broadcast to hidden neuron j at the window's end: the output errors through
 * feedback weights B (`feedback` [hidden x outputs], fixed and random; null: symmetric, B = readoutᵀ),
 * plus the rate regulariser's c·(count_j − target).
 */
export function learningSignals(
  p: Presentation,
  w: PlasticWeights,
  feedback: Float64Array | null,
  config: PlasticConfig,
): Float64Array {
  const signals = new Float64Array(w.hidden);
  for (let j = 0; j < w.hidden; j++) {
    let sum = config.rateRegularizer * (p.run.counts[j]! - config.targetCount);
    for (let k = 0; k < w.outputs; k++)
      sum += (feedback ? feedback[j * w.outputs + k]! : w.readout[k * w.hidden + j]!) * p.error[k]!;
    signals[j] = sum;
  }
  return signals;
}

/**
 * Adds one presentation's e-prop weight changes to `grads` (Bellec et al. 2020, with a readout that
 * integrates the whole window, so the learning signal arrives once, at the window's end):
 * - readout: error_k × count_j (the delta rule on the integrated hidden spikes);
 * - input and clock synapses: L_j × Σ_t ψ_j(t)·x̄_i(t), the learning signal times the eligibility trace
 *   summed over the window, converted from synaptic jumps to the stored units.
 * Each change uses only quantities at the synapse (x̄_i, ψ_j) and the broadcast L_j.
 */
export function addEpropGradients(
  p: Presentation,
  w: PlasticWeights,
  feedback: Float64Array | null,
  config: PlasticConfig,
  grads: Gradients,
): void {
  const { hidden, inputs, outputs } = w;
  for (let k = 0; k < outputs; k++) {
    const e = p.error[k]!;
    grads.readoutBias[k]! += e;
    for (let j = 0; j < hidden; j++) grads.readout[k * hidden + j]! += e * p.run.counts[j]!;
  }
  const potentials = p.run.potentials;
  if (!potentials) throw new Error('e-prop needs the sampled membrane potentials');
  const channels = inputs + 1;
  const samples = potentials.length / hidden;
  const psi = new Float64Array(potentials.length);
  for (let s = 0; s < psi.length; s++)
    psi[s] = pseudoDerivative(potentials[s]!, HIDDEN_NEURON, config.pseudoDerivativeGamma);
  const traces = presynapticTraces(p.trains, channels, config.sampleMs, samples, HIDDEN_NEURON.tauMs);
  const eligibility = new Float64Array(hidden * channels);
  addSummedEligibility(psi, traces, hidden, channels, eligibility);
  const signals = learningSignals(p, w, feedback, config);
  const perInput = spikesPerUnitInput(config);
  const ticks = Math.max(1, clockSpikes(config, config.windowMs));
  for (let j = 0; j < hidden; j++) {
    const l = signals[j]!;
    if (l === 0) continue;
    for (let i = 0; i < inputs; i++)
      grads.input[j * inputs + i]! += (l * eligibility[j * channels + i]!) / perInput;
    grads.clock[j]! += (l * eligibility[j * channels + inputs]!) / ticks;
  }
}
