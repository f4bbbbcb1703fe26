import type { CellResult } from '@scrutable/core';
import { groupBy } from './bootstrap.js';
import { countsForVerdicts, type LevelCapability } from './capability.js';
import { matchKey } from './cells.js';

/** Largest difference in test accuracy between two cells compared as matched. */
export const MATCH_TOLERANCE = 0.03;

/** A comparator cell and the reference cell matched to it on the same (task, level, seed). */
export interface MatchedPair {
  readonly key: string;
  readonly reference: CellResult;
  readonly comparator: CellResult;
}

/** What a pairing found, so evidence can say how many cells fell out at each step. */
export interface Pairing {
  readonly pairs: MatchedPair[];
  /** Comparator cells run on a non-trivial level where the comparator is capable. */
  readonly capableComparators: number;
  /** Comparator cells on a trivial level. */
  readonly trivial: number;
  /** Capable comparator cells with no reference within MATCH_TOLERANCE. */
  readonly unmatched: number;
}

const accuracy = (c: CellResult) => c.capability!.test;

/**
 * Pairs each comparator cell on a level where the comparator is capable (and the level not trivial)
 * with the reference cell of the same (task, level, seed) closest to it in test accuracy, within
 * MATCH_TOLERANCE; on a tie the candidate listed first in `references` wins. A reference weaker or
 * stronger than the comparator by more than the tolerance is never used: where a full-strength dense
 * net is too strong, a weaker rung of the dense ladder (an earlier checkpoint or a narrower net of the
 * same run) is the match, and where no rung is close enough the cell is unmatched.
 */
export function pairMatched(
  cells: readonly CellResult[],
  references: readonly string[],
  comparator: string,
  capabilities: ReadonlyMap<string, LevelCapability>,
): Pairing {
  const ok = cells.filter((c) => c.status === 'ok' && Number.isFinite(c.capability?.test));
  const pairs: MatchedPair[] = [];
  let capableComparators = 0;
  let trivial = 0;
  let unmatched = 0;
  for (const [key, group] of groupBy(ok, matchKey)) {
    const rank = (c: CellResult) => references.indexOf(c.substrate);
    const candidates = group.filter((c) => rank(c) >= 0).sort((a, b) => rank(a) - rank(b));
    for (const comp of group.filter((c) => c.substrate === comparator)) {
      if (!countsForVerdicts(comp, capabilities)) {
        const level = capabilities.get(`${comp.substrate}|${comp.task}|${comp.level}`);
        if (level?.trivial) trivial++;
        continue;
      }
      capableComparators++;
      let best: CellResult | undefined;
      for (const ref of candidates) {
        const gap = Math.abs(accuracy(ref) - accuracy(comp));
        if (gap > MATCH_TOLERANCE + 1e-12) continue;
        if (!best || gap < Math.abs(accuracy(best) - accuracy(comp)) - 1e-12) best = ref;
      }
      if (best) pairs.push({ key, reference: best, comparator: comp });
      else unmatched++;
    }
  }
  return { pairs, capableComparators, trivial, unmatched };
}
