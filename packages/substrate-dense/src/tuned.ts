import type { DenseConfig } from './config.js';

/**
 * Settings chosen per domain on validation data, never on the test split: each candidate was trained
 * on 80% of the task's training split and scored on the other 20% (seeded). A domain's settings change
 * only where the defaults miss the floor on validation (README "Tuned settings" gives the rule, every
 * candidate and its figures). None has so far; a domain not listed trains with the defaults.
 */
export const TUNED_BY_DOMAIN: Readonly<Record<string, DenseConfig>> = {};

/** The domain a dataset named `domain/L<level>/s<seed>` comes from (the whole name otherwise). */
export function domainOf(datasetName: string): string {
  return datasetName.split('/')[0] ?? datasetName;
}

/** The configuration a fit uses: `given` keys first, then the domain's tuned settings (when `tuned` is not false). */
export function effectiveConfig(
  given: DenseConfig,
  datasetName: string,
  tuned: Readonly<Record<string, DenseConfig>> = TUNED_BY_DOMAIN,
): DenseConfig {
  const explicit = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  if (given.tuned === false) return explicit;
  return { ...tuned[domainOf(datasetName)], ...explicit };
}
