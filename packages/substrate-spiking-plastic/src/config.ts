import { check } from '@scrutable/core';
import type { InputCoding } from './input-trains.js';

/** Settings of the plastic spiking network; every field is optional in `create({ config })`. */
export interface PlasticConfig {
  /** Hidden leaky integrate-and-fire neurons. */
  readonly hidden: number;
  /** Presentation window (simulated ms) for training and, by default, for reading. */
  readonly windowMs: number;
  /** Rate (Hz) of an input channel whose value is 1 (values are clipped to [0, 1]). */
  readonly maxRateHz: number;
  /** Input spikes: `regular` (evenly spaced, the same for every presentation) or `poisson`. */
  readonly coding: InputCoding;
  /** Rate (Hz) of the clock channel: regular spikes whose weights act as each neuron's bias. */
  readonly clockRateHz: number;
  /** Epochs over the training rows (a fit's `budget.epochs` overrides it). */
  readonly epochs: number;
  /** Examples whose updates are summed before one Adam step. */
  readonly batch: number;
  /** Adam step size of the input weights (mV of drive per unit input) and of the readout. */
  readonly learningRateIn: number;
  readonly learningRateOut: number;
  /**
   * Decoupled weight decay (Loshchilov & Hutter 2019): each Adam step also shrinks the input and
   * readout weights by learning rate × weightDecay × weight (0: off). Biases are not decayed.
   */
  readonly weightDecay: number;
  /**
   * How the output error reaches the hidden neurons: `random` (fixed random feedback weights, "random
   * e-prop") or `symmetric` (the readout weights transposed, "symmetric e-prop"; Bellec et al. 2020).
   */
  readonly feedback: 'random' | 'symmetric';
  /** Dampening factor γ of the pseudo-derivative ψ = (γ/d)·max(0, 1 − |V − V_th|/d), d = V_th − V_rest. */
  readonly pseudoDerivativeGamma: number;
  /** Interval (simulated ms) at which membrane potentials are sampled for the eligibility traces. */
  readonly sampleMs: number;
  /** Target hidden spike count per window of the rate regulariser, and its weight (0: off). */
  readonly targetCount: number;
  readonly rateRegularizer: number;
  /** Share of the training rows held out to pick the epoch whose weights are kept. */
  readonly validationShare: number;
}

/** Defaults, chosen on validation rows (see the README): one configuration for every task. */
export const DEFAULT_PLASTIC_CONFIG: PlasticConfig = {
  hidden: 96,
  windowMs: 50,
  maxRateHz: 200,
  coding: 'regular',
  clockRateHz: 200,
  epochs: 48,
  batch: 8,
  learningRateIn: 0.5,
  learningRateOut: 0.02,
  weightDecay: 0,
  feedback: 'symmetric',
  pseudoDerivativeGamma: 0.3,
  sampleMs: 1,
  targetCount: 1,
  rateRegularizer: 0.01,
  validationShare: 0.2,
};

const POSITIVE = [
  'windowMs',
  'maxRateHz',
  'clockRateHz',
  'learningRateIn',
  'learningRateOut',
  'pseudoDerivativeGamma',
  'sampleMs',
] as const;

/** Complete and checked settings; throws BAD_INPUT on an unknown key or a bad value. */
export function plasticConfig(partial: unknown = {}): PlasticConfig {
  check(
    partial !== null && typeof partial === 'object' && !Array.isArray(partial),
    'spiking-plastic: config must be an object',
  );
  for (const key of Object.keys(partial))
    check(key in DEFAULT_PLASTIC_CONFIG, `spiking-plastic: unknown config key '${key}'`);
  const c = { ...DEFAULT_PLASTIC_CONFIG, ...(partial as Partial<PlasticConfig>) };
  for (const key of POSITIVE)
    check(Number.isFinite(c[key]) && c[key] > 0, `spiking-plastic: ${key} must be positive, got ${c[key]}`);
  for (const key of ['hidden', 'batch'] as const)
    check(Number.isInteger(c[key]) && c[key] >= 1, `spiking-plastic: ${key} must be an integer >= 1`);
  check(Number.isInteger(c.epochs) && c.epochs >= 0, `spiking-plastic: epochs must be an integer >= 0`);
  check(
    c.feedback === 'random' || c.feedback === 'symmetric',
    `spiking-plastic: feedback must be 'random' or 'symmetric'`,
  );
  check(
    c.coding === 'regular' || c.coding === 'poisson',
    `spiking-plastic: coding must be 'regular' or 'poisson'`,
  );
  check(
    c.targetCount >= 0 && c.rateRegularizer >= 0 && c.weightDecay >= 0,
    'spiking-plastic: targetCount, rateRegularizer and weightDecay must be >= 0',
  );
  check(
    c.validationShare >= 0 && c.validationShare < 1,
    `spiking-plastic: validationShare must be in [0, 1), got ${c.validationShare}`,
  );
  check(c.sampleMs <= c.windowMs, 'spiking-plastic: sampleMs must not exceed windowMs');
  return c;
}
