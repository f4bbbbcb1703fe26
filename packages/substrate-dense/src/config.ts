import { ScrutableError } from '@scrutable/core';

/** Hidden-layer nonlinearity. */
export type Activation = 'relu' | 'tanh' | 'sigmoid';

/** The dense-MLP configuration shared with the brain.js implementation; every key optional. */
export interface DenseConfig {
  /** Hidden layer widths, input side first. */
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  /** Adam step size. */
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** Most epochs to train; `FitOptions.budget.epochs` overrides it. */
  readonly epochs?: number;
  /** Epochs without a better validation loss before training stops (best weights are restored). */
  readonly patience?: number;
  /** Share of the training split held out for early stopping; 0 trains on all of it, without stopping early. */
  readonly validationFraction?: number;
  /** Weight of the L2 penalty on weight matrices (not biases). */
  readonly l2?: number;
  /**
   * Decoupled weight decay (AdamW) of the weight matrices (not biases): each step also shrinks them by
   * learningRate · weightDecay times themselves, whatever Adam's rescaling. 0 (default) is plain Adam.
   */
  readonly weightDecay?: number;
  /**
   * Epochs between two readings of accuracy on the rows trained on and on the validation rows, kept in
   * the fit report as `details.curve` (a grokking run's curves); 0 reads none. Reading never changes training.
   */
  readonly recordEvery?: number;
  /**
   * Take, for every key not given here, the setting chosen on validation data for the task's domain
   * (TUNED_BY_DOMAIN, read off the dataset name `domain/L<level>/s<seed>`) over the default. Default true.
   */
  readonly tuned?: boolean;
}

/** A validated configuration with every default filled in. */
export type ResolvedConfig = { readonly [K in keyof DenseConfig]-?: Exclude<DenseConfig[K], undefined> };

/**
 * The defaults (README "Configuration"). Weight decay plus a fixed epoch budget, not early stopping, is
 * what ends in a generalising network: on modadd held-out loss first rises while the training pairs
 * are memorised, and only weight decay, given time, moves the network to the general solution. So no
 * validation split is held out by default (`patience` applies once `validationFraction` > 0).
 */
export const DEFAULT_CONFIG: ResolvedConfig = {
  hidden: [128],
  activation: 'relu',
  learningRate: 0.02,
  batchSize: 64,
  epochs: 300,
  patience: 20,
  validationFraction: 0,
  l2: 0.0003,
  weightDecay: 0,
  recordEvery: 0,
  tuned: true,
};

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid'];

function bad(message: string, valid?: readonly string[]): never {
  throw new ScrutableError('BAD_CONFIG', `dense config: ${message}`, valid);
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

/** Validates a configuration (undefined = all defaults); throws BAD_CONFIG on an unknown key or bad value. */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (config === undefined || config === null)
    return { ...DEFAULT_CONFIG, hidden: [...DEFAULT_CONFIG.hidden] };
  if (typeof config !== 'object' || Array.isArray(config)) bad('must be an object');
  const keys = Object.keys(DEFAULT_CONFIG);
  for (const key of Object.keys(config)) if (!keys.includes(key)) bad(`unknown key '${key}'`, keys);
  // A key given as undefined takes its default, as an absent key does.
  const given = Object.entries(config).filter(([, value]) => value !== undefined);
  const c = { ...DEFAULT_CONFIG, ...(Object.fromEntries(given) as DenseConfig) };
  if (!Array.isArray(c.hidden) || !c.hidden.every(isPositiveInteger))
    bad('hidden must be an array of positive integers');
  if (!ACTIVATIONS.includes(c.activation)) bad(`activation '${c.activation}' is not known`, ACTIVATIONS);
  if (!(typeof c.learningRate === 'number' && c.learningRate > 0 && Number.isFinite(c.learningRate)))
    bad('learningRate must be a positive number');
  if (!isPositiveInteger(c.batchSize)) bad('batchSize must be a positive integer');
  if (!(Number.isInteger(c.epochs) && c.epochs >= 0)) bad('epochs must be a non-negative integer');
  if (!isPositiveInteger(c.patience)) bad('patience must be a positive integer');
  if (!(typeof c.validationFraction === 'number' && c.validationFraction >= 0 && c.validationFraction < 1))
    bad('validationFraction must be a number in [0, 1)');
  if (!(typeof c.l2 === 'number' && c.l2 >= 0 && Number.isFinite(c.l2)))
    bad('l2 must be a finite number >= 0');
  if (!(typeof c.weightDecay === 'number' && c.weightDecay >= 0 && Number.isFinite(c.weightDecay)))
    bad('weightDecay must be a finite number >= 0');
  if (!(Number.isInteger(c.recordEvery) && c.recordEvery >= 0))
    bad('recordEvery must be a non-negative integer');
  if (typeof c.tuned !== 'boolean') bad('tuned must be true or false');
  return { ...c, hidden: [...c.hidden] };
}
