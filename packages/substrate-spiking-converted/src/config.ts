import { check } from '@scrutable/core';

/** Settings of the converted network; every field is optional in `create({ config })`. */
export interface ConvertedConfig {
  /** Default reading window (simulated ms) for predict, observe and intervene. */
  readonly windowMs: number;
  /**
   * Percentile (0–100] of each layer's positive training activations that is mapped to the maximum
   * rate: data-based normalisation (Rueckauer et al. 2017 use 99.9 or 99.99).
   */
  readonly percentile: number;
  /** Rate (Hz) of a unit whose activation equals its layer's normalising percentile. */
  readonly maxRateHz: number;
  /** The `config` passed to the source substrate's factory. */
  readonly source?: unknown;
}

/** Defaults: a 500 ms window, the 99.9th percentile at 1000 Hz. */
export const DEFAULT_CONVERTED_CONFIG: ConvertedConfig = {
  windowMs: 500,
  percentile: 99.9,
  maxRateHz: 1000,
};

/** Complete and checked settings; throws BAD_INPUT on an unknown key or a bad value. */
export function convertedConfig(partial: unknown = {}): ConvertedConfig {
  check(
    partial !== null && typeof partial === 'object' && !Array.isArray(partial),
    'spiking-converted: config must be an object',
  );
  const known = new Set(['windowMs', 'percentile', 'maxRateHz', 'source']);
  for (const key of Object.keys(partial))
    check(known.has(key), `spiking-converted: unknown config key '${key}'`);
  const c = { ...DEFAULT_CONVERTED_CONFIG, ...(partial as Partial<ConvertedConfig>) };
  check(Number.isFinite(c.windowMs) && c.windowMs > 0, `windowMs must be positive, got ${c.windowMs}`);
  check(
    Number.isFinite(c.percentile) && c.percentile > 0 && c.percentile <= 100,
    `percentile must be in (0, 100], got ${c.percentile}`,
  );
  check(Number.isFinite(c.maxRateHz) && c.maxRateHz > 0, `maxRateHz must be positive, got ${c.maxRateHz}`);
  return c;
}
