import { ASYMPTOTE_SHARE, WINDOWS_MS } from './families/observe.js';
import type { ReadingCost } from './types.js';
import { MIN_DECODABLE } from './units.js';

/**
 * The reading-cost axis of one family beside the index: its score at each presentation window of the
 * decode sweep (`sweep`, observe's row: one reading for a substrate that does not run in time, one per
 * window of WINDOWS_MS for one that does), and the budget per example of the first window whose score
 * reaches 90% of the family's asymptote (its score at the analysis window, the sweep's last). A window's
 * budget is the sweep's at that window: what one presentation of a test example costs does not depend
 * on which family reads it. Null when the asymptote is below the decodable floor (there is nothing to
 * reach), and then no shorter window is tried; `scoreAt` runs the family at a shorter window.
 */
export async function familyReadingCost(
  family: string,
  asymptote: number,
  sweep: ReadingCost,
  scoreAt: (windowMs: number) => Promise<number>,
): Promise<ReadingCost> {
  const timed = sweep.budgets.length === WINDOWS_MS.length;
  const reachable = asymptote >= MIN_DECODABLE;
  if (!timed || !reachable)
    return {
      family,
      scores: [asymptote],
      budgets: [sweep.budgets[sweep.budgets.length - 1]!],
      asymptote,
      budget: reachable ? sweep.budgets[0]! : null,
      windowMs: null,
    };
  const scores: number[] = [];
  for (const windowMs of WINDOWS_MS.slice(0, -1)) {
    const score = await scoreAt(windowMs);
    scores.push(score);
    if (score >= ASYMPTOTE_SHARE * asymptote) break; // the budget is found; longer windows cost more
  }
  scores.push(asymptote);
  const reached = scores.findIndex((s) => s >= ASYMPTOTE_SHARE * asymptote);
  const budgets = sweep.budgets.slice(0, scores.length - 1).concat(sweep.budgets[WINDOWS_MS.length - 1]!);
  const index = reached === scores.length - 1 ? WINDOWS_MS.length - 1 : reached;
  return {
    family,
    scores,
    budgets,
    asymptote,
    budget: sweep.budgets[index]!,
    windowMs: WINDOWS_MS[index]!,
  };
}
