import { ScrutableError } from '@scrutable/core';

/** Hidden-layer nonlinearity; brain.js applies the same one to its output layer while training. */
export type Activation = 'relu' | 'tanh' | 'sigmoid';

/** The shared dense-MLP configuration (the same keys as the TensorFlow.js `dense` substrate). */
export interface DenseConfig {
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly learningRate?: number;
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly patience?: number;
  readonly validationFraction?: number;
  readonly l2?: number;
}

/** A validated configuration with every default filled in; early stopping needs a `patience` and a validation split. */
export interface ResolvedConfig {
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly patience: number | undefined;
  readonly validationFraction: number;
  readonly l2: number;
}

/**
 * The defaults: the TensorFlow.js substrate's shape, activation, patience and (absent) validation
 * split; learning rate, epochs and `l2` set for brain.js's per-example SGD with decoupled decay
 * (README "Configuration"). Weight decay over a fixed budget, not early stopping, is what makes the
 * network generalise on modadd, so no validation split is held out by default.
 */
export const DEFAULT_CONFIG: ResolvedConfig = {
  hidden: [128],
  activation: 'relu',
  learningRate: 0.05,
  batchSize: 64,
  epochs: 50,
  patience: 20,
  validationFraction: 0,
  l2: 0.002,
};

const KEYS = [
  'hidden',
  'activation',
  'learningRate',
  'batchSize',
  'epochs',
  'patience',
  'validationFraction',
  'l2',
];
const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid'];

function bad(message: string): never {
  throw new ScrutableError('BAD_CONFIG', `dense-brain config: ${message}`);
}

function positiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

/** Validates a user configuration (absent or null values take the default); throws BAD_CONFIG on a bad value or unknown key. */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (config === undefined || config === null)
    return { ...DEFAULT_CONFIG, hidden: [...DEFAULT_CONFIG.hidden] };
  if (typeof config !== 'object' || Array.isArray(config)) bad('must be an object');
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c))
    if (!KEYS.includes(key)) bad(`unknown key '${key}' (valid: ${KEYS.join(', ')})`);
  const hidden = c.hidden ?? DEFAULT_CONFIG.hidden;
  if (!Array.isArray(hidden) || !hidden.every(positiveInteger))
    bad('hidden must be an array of positive integers');
  const activation = c.activation ?? DEFAULT_CONFIG.activation;
  if (!ACTIVATIONS.includes(activation as Activation))
    bad(`activation must be one of ${ACTIVATIONS.join(', ')}`);
  const learningRate = c.learningRate ?? DEFAULT_CONFIG.learningRate;
  // brain.js itself refuses learning rates outside (0, 1).
  if (typeof learningRate !== 'number' || !(learningRate > 0 && learningRate < 1))
    bad('learningRate must be a number in (0, 1)');
  const batchSize = c.batchSize ?? DEFAULT_CONFIG.batchSize;
  if (!positiveInteger(batchSize)) bad('batchSize must be a positive integer');
  const epochs = c.epochs ?? DEFAULT_CONFIG.epochs;
  if (!Number.isInteger(epochs) || (epochs as number) < 0) bad('epochs must be a non-negative integer');
  const patience = c.patience ?? DEFAULT_CONFIG.patience;
  if (patience !== undefined && !positiveInteger(patience)) bad('patience must be a positive integer');
  const validationFraction = c.validationFraction ?? DEFAULT_CONFIG.validationFraction;
  if (typeof validationFraction !== 'number' || !(validationFraction >= 0 && validationFraction < 1))
    bad('validationFraction must be a number in [0, 1)');
  const l2 = c.l2 ?? DEFAULT_CONFIG.l2;
  if (typeof l2 !== 'number' || !(l2 >= 0) || !Number.isFinite(l2)) bad('l2 must be a finite number >= 0');
  return {
    hidden: [...hidden],
    activation: activation as Activation,
    learningRate,
    batchSize,
    epochs: epochs as number,
    patience,
    validationFraction,
    l2,
  };
}
