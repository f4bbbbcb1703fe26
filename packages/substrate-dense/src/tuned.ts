import type { DenseConfig } from './config.js';

/**
 * Settings chosen per domain on validation data, never on the test split: each candidate was trained
 * on 80% of the task's training split and scored on the other 20% (seeded), levels 1 and 2, seeds 0–2.
 * A domain's settings change only where the defaults miss the floor on validation, to the candidate of
 * best pooled validation accuracy when it beats the defaults by more than one standard error (README
 * "Tuned settings" gives every candidate and its figures). A domain not listed trains with the defaults.
 */
export const TUNED_BY_DOMAIN: Readonly<Record<string, DenseConfig>> = {
  // Validation 0.883 against the defaults' 0.861 (1,125 rows; one standard error 0.010).
  cues: { weightDecay: 0.1 },
  // Validation 0.517 against the defaults' 0.456 (261 rows; one standard error 0.031).
  facts: { batchSize: 16, weightDecay: 0.1 },
  // Validation 0.744 against the defaults' 0.725 (1,125 rows; one standard error 0.013).
  latency: { epochs: 600 },
};

/** The domain a dataset named `domain/L<level>/s<seed>` comes from (the whole name otherwise). */
export function domainOf(datasetName: string): string {
  return datasetName.split('/')[0] ?? datasetName;
}

/** The domain's tuned settings a fit takes: those of its keys `given` leaves unset (none when `tuned` is false). */
export function tunedSettings(
  given: DenseConfig,
  datasetName: string,
  tuned: Readonly<Record<string, DenseConfig>> = TUNED_BY_DOMAIN,
): DenseConfig {
  if (given.tuned === false) return {};
  const settings = Object.entries(tuned[domainOf(datasetName)] ?? {});
  return Object.fromEntries(settings.filter(([key]) => given[key as keyof DenseConfig] === undefined));
}

/** The configuration a fit uses: `given` keys first, then the domain's tuned settings (when `tuned` is not false). */
export function effectiveConfig(
  given: DenseConfig,
  datasetName: string,
  tuned: Readonly<Record<string, DenseConfig>> = TUNED_BY_DOMAIN,
): DenseConfig {
  const explicit = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return { ...tunedSettings(given, datasetName, tuned), ...explicit };
}
