import type { Rng } from '@scrutable/core';
import type { PlasticConfig } from './config.js';
import { clockSpikes } from './input-trains.js';

/**
 * The learned parameters, stored in the units the parameter views show (float32 values).
 * - `input` [hidden x inputs]: mV of synaptic drive per unit of input over the configured window
 *   (the jump of one synapse times the spikes an input of 1 sends in the window on average).
 * - `clock` [hidden]: mV of drive the clock channel delivers over the window (each neuron's bias).
 * - `readout` [outputs x hidden] and `readoutBias` [outputs]: logits per hidden spike in the window.
 */
export interface PlasticWeights {
  readonly inputs: number;
  readonly hidden: number;
  readonly outputs: number;
  readonly input: Float64Array;
  readonly clock: Float64Array;
  readonly readout: Float64Array;
  readonly readoutBias: Float64Array;
}

/** Expected input spikes per window from an input of 1. */
export function spikesPerUnitInput(config: PlasticConfig): number {
  return (config.maxRateHz * config.windowMs) / 1000;
}

/** The synaptic jumps (mV) the weights give, [hidden x (inputs + 1)] with the clock as the last channel. */
export function synapticJumps(w: PlasticWeights, config: PlasticConfig): Float64Array {
  const channels = w.inputs + 1;
  const perInput = spikesPerUnitInput(config);
  const ticks = Math.max(1, clockSpikes(config, config.windowMs));
  const jumps = new Float64Array(w.hidden * channels);
  for (let j = 0; j < w.hidden; j++) {
    for (let i = 0; i < w.inputs; i++) jumps[j * channels + i] = w.input[j * w.inputs + i]! / perInput;
    jumps[j * channels + w.inputs] = w.clock[j]! / ticks;
  }
  return jumps;
}

/**
 * Initial weights: input drive drawn N(0, σ²) with σ set so that a typical training input (mean
 * Σ x_i² over `meanSquaredInput`) gives a drive spread of about the threshold distance (15 mV) per
 * membrane time constant; the clock puts each neuron a few mV below threshold; readout N(0, 1/hidden).
 */
export function initialWeights(
  inputs: number,
  outputs: number,
  config: PlasticConfig,
  meanSquaredInput: number,
  rng: Rng,
): PlasticWeights {
  const hidden = config.hidden;
  const windowsPerTau = config.windowMs / 20;
  const sigma = (30 * windowsPerTau) / Math.sqrt(Math.max(meanSquaredInput, 1e-3));
  const input = Float64Array.from({ length: hidden * inputs }, () => Math.fround(rng.normal(0, sigma)));
  const clock = new Float64Array(hidden).fill(Math.fround(10 * windowsPerTau));
  const readout = Float64Array.from({ length: outputs * hidden }, () =>
    Math.fround(rng.normal(0, 1 / Math.sqrt(hidden))),
  );
  return { inputs, hidden, outputs, input, clock, readout, readoutBias: new Float64Array(outputs) };
}

export function copyWeights(w: PlasticWeights): PlasticWeights {
  return {
    ...w,
    input: w.input.slice(),
    clock: w.clock.slice(),
    readout: w.readout.slice(),
    readoutBias: w.readoutBias.slice(),
  };
}

/** Rounds every weight to float32, the precision of the views and saved files. */
export function roundWeights(w: PlasticWeights): void {
  for (const a of [w.input, w.clock, w.readout, w.readoutBias])
    for (let i = 0; i < a.length; i++) a[i] = Math.fround(a[i]!);
}
