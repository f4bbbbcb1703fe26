/** A score or share with a fixed number of decimals; an em dash for null, undefined or NaN. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** A confidence interval as `[lo, hi]`. */
export function formatCi(ci: readonly [number | null, number | null] | undefined, digits = 2): string {
  return ci ? `[${formatNumber(ci[0], digits)}, ${formatNumber(ci[1], digits)}]` : '—';
}

/** Milliseconds as a short human duration. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
