import { check } from '@scrutable/core';

/** Sizes and settings of the rate twin; every field is optional in `create({ config })`. */
export interface WtaRateConfig {
  /** Competing hidden units (the spiking substrate's excitatory layer has 150). */
  readonly hidden: number;
  /** Passes over the training set of the Hebbian rule. */
  readonly epochs: number;
  /** Examples per Hebbian step. */
  readonly batchSize: number;
  /** Largest weight change of the first step; it decays linearly to 0 over training. */
  readonly learningRate: number;
  /** Strength Δ of the anti-Hebbian push on the unit ranked `rank`. */
  readonly anti: number;
  /** Rank of the unit pushed away (2: the runner-up). */
  readonly rank: number;
  /** Exponent n of the hidden activation max(0, W·v)^n. */
  readonly power: number;
  /** Each input also feeds an "off" input 1 − x, as the spiking substrate's complement coding does. */
  readonly complement: boolean;
}

export const DEFAULT_CONFIG: WtaRateConfig = {
  hidden: 150,
  epochs: 40,
  batchSize: 20,
  learningRate: 0.04,
  anti: 0.4,
  rank: 2,
  power: 3,
  complement: true,
};

/** The complete config; throws BAD_CONFIG on an unknown key or a bad value. */
export function wtaRateConfig(input: unknown): WtaRateConfig {
  if (input === undefined) return DEFAULT_CONFIG;
  check(input !== null && typeof input === 'object', 'wta-rate config must be an object', 'BAD_CONFIG');
  for (const key of Object.keys(input))
    check(key in DEFAULT_CONFIG, `unknown wta-rate config key '${key}'`, 'BAD_CONFIG');
  const c = { ...DEFAULT_CONFIG, ...(input as Partial<WtaRateConfig>) };
  for (const key of ['hidden', 'epochs', 'batchSize', 'rank'] as const)
    check(Number.isInteger(c[key]) && c[key] > 0, `config.${key} must be a positive integer`, 'BAD_CONFIG');
  for (const key of ['learningRate', 'power'] as const)
    check(Number.isFinite(c[key]) && c[key] > 0, `config.${key} must be a positive number`, 'BAD_CONFIG');
  check(Number.isFinite(c.anti) && c.anti >= 0, 'config.anti must be >= 0', 'BAD_CONFIG');
  check(typeof c.complement === 'boolean', 'config.complement must be a boolean', 'BAD_CONFIG');
  return c;
}
