import { check } from '@scrutable/core';

/** Sizes and settings of the spiking substrate; every field is optional in `create({ config })`. */
export interface SpikingConfig {
  /** Excitatory neurons (the `exc` site); the inhibitory population has the same size. */
  readonly excitatory: number;
  /**
   * Reading window (simulated ms): the default of predict, observe and intervene, and the window the
   * readout is fitted at. Long enough that the readout is near its asymptote (chosen on validation data).
   */
  readonly windowMs: number;
  /** Window (simulated ms) of each STDP training presentation. */
  readonly trainWindowMs: number;
  /** Training epochs when the fit budget does not say. */
  readonly epochs: number;
  /** `poisson`: value x fires at x·rate; `latency`: value x > 0 fires one spike at (1 − x)·latencyMs. */
  readonly encoding: 'poisson' | 'latency';
  /** Latest first-spike time of latency coding (ms). */
  readonly latencyMs: number;
  /** Poisson rate (Hz) of an input of value 1 (Diehl & Cook: 63.75 Hz). */
  readonly maxRateHz: number;
  /** Cap on the summed input rate (Hz): wide inputs are scaled down so a window stays cheap. */
  readonly totalRateHz: number;
  /** Each input also drives an "off" neuron at 1 − x, so absent features carry spikes too. */
  readonly complement: boolean;
  /** Sum of each excitatory neuron's input weights (mV), restored after every training example. */
  readonly weightTotalMv: number;
  /** Upper weight bound of input synapses (mV). */
  readonly wMaxMv: number;
  /** STDP amplitudes on input synapses (multiplicative, nearest-spike). */
  readonly aPlus: number;
  readonly aMinus: number;
  /** Input synapse delays are 0.5 ms times a random integer in [1, delaySteps]. */
  readonly delaySteps: number;
  /** Voltage jump of excitatory -> inhibitory (one-to-one) and inhibitory -> excitatory (all others) synapses. */
  readonly excToInhMv: number;
  readonly inhToExcMv: number;
  /** Membrane time constant of excitatory neurons (Diehl & Cook: 100 ms). */
  readonly tauExcMs: number;
  /** Threshold jump per spike while training (homeostasis; θ does not decay). */
  readonly thetaPlusMv: number;
  /**
   * Readout of the excitatory spike counts: `trained` (a supervised softmax / logistic / linear map,
   * its L2 strength chosen on held-out training rows), `label` (one class per neuron, Diehl & Cook) or
   * `vote` (each neuron's class profile). The excitatory layer learns by STDP alone in every case.
   */
  readonly readout: 'trained' | 'label' | 'vote';
  /** Presentations with fewer excitatory spikes are repeated with the input rate doubled (Diehl & Cook). */
  readonly minSpikes: number;
  /** At most this many repeats. */
  readonly maxRepeats: number;
}

/** Defaults sized so the quick benchmark trains in seconds. */
export const DEFAULT_CONFIG: SpikingConfig = {
  excitatory: 150,
  windowMs: 1000,
  trainWindowMs: 150,
  epochs: 2,
  encoding: 'poisson',
  latencyMs: 50,
  maxRateHz: 64,
  totalRateHz: 2000,
  complement: true,
  weightTotalMv: 60,
  wMaxMv: 20,
  aPlus: 0.05,
  aMinus: 0.005,
  delaySteps: 10,
  excToInhMv: 30,
  inhToExcMv: -15,
  tauExcMs: 100,
  thetaPlusMv: 0.05,
  readout: 'trained',
  minSpikes: 3,
  maxRepeats: 3,
};

/** The complete config; throws BAD_CONFIG on an unknown key or a bad value. */
export function spikingConfig(input: unknown): SpikingConfig {
  if (input === undefined) return DEFAULT_CONFIG;
  check(input !== null && typeof input === 'object', 'spiking config must be an object', 'BAD_CONFIG');
  for (const key of Object.keys(input))
    check(key in DEFAULT_CONFIG, `unknown spiking config key '${key}'`, 'BAD_CONFIG');
  const c = { ...DEFAULT_CONFIG, ...(input as Partial<SpikingConfig>) };
  const positive = (key: keyof SpikingConfig) =>
    check(
      typeof c[key] === 'number' && Number.isFinite(c[key]) && (c[key] as number) > 0,
      `config.${key} must be a positive number`,
      'BAD_CONFIG',
    );
  for (const key of [
    'windowMs',
    'trainWindowMs',
    'latencyMs',
    'maxRateHz',
    'totalRateHz',
    'weightTotalMv',
    'wMaxMv',
    'excToInhMv',
    'tauExcMs',
  ] as const)
    positive(key);
  for (const key of ['excitatory', 'epochs', 'delaySteps'] as const)
    check(Number.isInteger(c[key]) && c[key] > 0, `config.${key} must be a positive integer`, 'BAD_CONFIG');
  for (const key of ['minSpikes', 'maxRepeats'] as const)
    check(Number.isInteger(c[key]) && c[key] >= 0, `config.${key} must be an integer >= 0`, 'BAD_CONFIG');
  for (const key of ['aPlus', 'aMinus', 'thetaPlusMv'] as const)
    check(Number.isFinite(c[key]) && c[key] >= 0, `config.${key} must be >= 0`, 'BAD_CONFIG');
  check(Number.isFinite(c.inhToExcMv) && c.inhToExcMv <= 0, 'config.inhToExcMv must be <= 0', 'BAD_CONFIG');
  check(
    c.encoding === 'poisson' || c.encoding === 'latency',
    `config.encoding must be 'poisson' or 'latency'`,
    'BAD_CONFIG',
  );
  check(
    c.readout === 'trained' || c.readout === 'label' || c.readout === 'vote',
    `config.readout must be 'trained', 'label' or 'vote'`,
    'BAD_CONFIG',
  );
  check(typeof c.complement === 'boolean', 'config.complement must be a boolean', 'BAD_CONFIG');
  return c;
}
