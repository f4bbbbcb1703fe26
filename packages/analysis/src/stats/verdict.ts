import type { Verdict } from '@scrutable/core';

/**
 * The smallest effect of interest, in index units (or accuracy per level for symbolic scaling),
 * fixed before any data: a difference whose CI lies inside ±0.10 is "negligible".
 */
export const SMALLEST_EFFECT_OF_INTEREST = 0.1;

/** The widest CI half-width at which an inconclusive verdict is not called "underpowered". */
export const MAX_HALF_WIDTH = 0.08;

/** A verdict with what qualifies it and the interval's half-width. */
export interface VerdictDecision {
  readonly verdict: Verdict;
  readonly qualifier?: 'underpowered' | 'below-sesoi';
  /** Half the interval's width; null when there is no interval. */
  readonly halfWidth: number | null;
}

/**
 * The four-way verdict of an effect whose claim predicts a positive sign (`sign` -1: a negative one):
 * supported when the CI lies above 0, contradicted when below 0 (either "below-sesoi" when the estimate
 * is smaller than the smallest effect of interest), negligible when it lies inside ±SESOI (the two
 * one-sided tests of an equivalence test, each at half the CI's error rate), inconclusive otherwise,
 * "underpowered" when the half-width exceeds MAX_HALF_WIDTH. No interval: inconclusive.
 */
export function decideVerdict(
  estimate: number,
  ci: readonly [number, number],
  sign: 1 | -1 = 1,
  sesoi = SMALLEST_EFFECT_OF_INTEREST,
): VerdictDecision {
  const [lo, hi] = sign === 1 ? ci : [-ci[1], -ci[0]];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { verdict: 'inconclusive', halfWidth: null };
  const halfWidth = (hi - lo) / 2;
  const small = Math.abs(estimate) < sesoi;
  if (lo > 0) return { verdict: 'supported', halfWidth, ...(small ? { qualifier: 'below-sesoi' } : {}) };
  if (hi < 0) return { verdict: 'contradicted', halfWidth, ...(small ? { qualifier: 'below-sesoi' } : {}) };
  if (lo > -sesoi && hi < sesoi) return { verdict: 'negligible', halfWidth };
  return {
    verdict: 'inconclusive',
    halfWidth,
    ...(halfWidth > MAX_HALF_WIDTH ? { qualifier: 'underpowered' } : {}),
  };
}

/** True when the interval lies inside ±SESOI: the effect is practically nil, whichever side of 0. */
export function withinEquivalence(
  ci: readonly [number | null, number | null] | undefined,
  sesoi = SMALLEST_EFFECT_OF_INTEREST,
): boolean {
  const [lo, hi] = ci ?? [null, null];
  return lo !== null && hi !== null && lo > -sesoi && hi < sesoi;
}
