import type { CellResult, SanityCheck } from '@scrutable/core';
import { groupBy, mean } from './bootstrap.js';
import {
  CONTROL_FAMILY,
  cellFamilyScore,
  cellIndex,
  finishedCells,
  matchKey,
  SCORE_FAMILIES,
  type SubstrateRoles,
} from './cells.js';

/** Which substrate ids play which control role, and the thresholds each must meet. */
export interface SanityOptions {
  /** Id of the glass-box control (default `planted`). */
  readonly planted?: string;
  /** Id of the rotated dense net (default `scrambled`). */
  readonly scrambled?: string;
  /** Id of the untrained dense net (default `untrained`). */
  readonly untrained?: string;
  /** Id of the trained dense net the scrambled control is compared with (default `dense`). */
  readonly dense?: string;
  /** Every family must reach this on the planted control (default 0.9). */
  readonly plantedMin?: number;
  /** Every family must stay at or below this on the untrained control (default 0.2). */
  readonly untrainedMax?: number;
  /** Largest mean |decode(scrambled) − decode(dense)| on matched cells (default 0.05). */
  readonly scrambledDecodeTolerance?: number;
  /**
   * Largest localize(scrambled) / localize(dense) (default 0.5), as a ratio of means over the matched
   * cells where the dense net's localize exceeds `untrainedMax`; with no such cell there is no
   * localisation for a rotation to remove, and the check fails.
   */
  readonly scrambledLocalizeRatio?: number;
  /**
   * Families checked against the untrained bound (default all but `observe`: observe scores how
   * reliably and cheaply states can be read, which a deterministic net does perfectly trained or not).
   */
  readonly untrainedFamilies?: readonly string[];
}

/** Unweighted mean of a cell's non-null scores over `families` (null when it has none). */
function meanFamilyScore(cell: CellResult, families: readonly string[]): number | null {
  const scores = families.map((f) => cellFamilyScore(cell, f)).filter((v): v is number => v !== null);
  return scores.length ? mean(scores) : null;
}

/**
 * The "is the ruler straight" checks: every family scores ≥ 0.9 on the planted control and ≤ 0.2 on
 * the untrained one (each family where its score is defined, plus the index; on the untrained
 * control, the unweighted mean of the checked families' scores); on the scrambled
 * control, decode stays within 0.05 of the dense net on the same (task, level, seed) while localize
 * drops to at most half of the dense net's, on the cells where the dense net is localised (above the
 * untrained bound). Only substrates whose role is family `control` act as
 * controls. A check with no data is left out rather than passed.
 */
export function sanityChecks(
  cells: readonly CellResult[],
  roles: SubstrateRoles,
  options: SanityOptions = {},
): SanityCheck[] {
  const planted = options.planted ?? 'planted';
  const scrambled = options.scrambled ?? 'scrambled';
  const untrained = options.untrained ?? 'untrained';
  const dense = options.dense ?? 'dense';
  const plantedMin = options.plantedMin ?? 0.9;
  const untrainedMax = options.untrainedMax ?? 0.2;
  const decodeTolerance = options.scrambledDecodeTolerance ?? 0.05;
  const localizeRatio = options.scrambledLocalizeRatio ?? 0.5;
  const done = finishedCells(cells);
  const isControl = (id: string) => roles[id]?.family === CONTROL_FAMILY;
  const of = (id: string) => done.filter((c) => c.substrate === id);
  const checks: SanityCheck[] = [];

  const bound = (
    control: string,
    side: 'min' | 'max',
    threshold: number,
    families: readonly string[],
    index: (c: CellResult) => number | null,
  ) => {
    if (!isControl(control)) return;
    const own = of(control);
    const scores: Array<[string, (c: CellResult) => number | null]> = [
      ...families.map((f) => [f, (c: CellResult) => cellFamilyScore(c, f)] as [string, typeof cellIndex]),
      ['index', index],
    ];
    for (const [family, score] of scores) {
      const values = own.map(score).filter((v): v is number => v !== null);
      if (!values.length) continue;
      const observed = mean(values);
      checks.push({
        control,
        family,
        expected: `${side === 'min' ? '≥' : '≤'} ${threshold} (mean over ${values.length} cells)`,
        observed,
        pass: side === 'min' ? observed >= threshold : observed <= threshold,
      });
    }
  };
  bound(planted, 'min', plantedMin, SCORE_FAMILIES, cellIndex);
  const untrainedFamilies = options.untrainedFamilies ?? SCORE_FAMILIES.filter((f) => f !== 'observe');
  // The untrained index is taken over the same families as its bound: a family left out because an
  // untrained net honestly scores high on it (observe) must not re-enter through the index.
  bound(untrained, 'max', untrainedMax, untrainedFamilies, (c) => meanFamilyScore(c, untrainedFamilies));
  if (!isControl(scrambled)) return checks;

  const reference = groupBy(of(dense), matchKey);
  const paired = (family: string) =>
    of(scrambled).flatMap((c) => {
      const mine = cellFamilyScore(c, family);
      const theirs = (reference.get(matchKey(c)) ?? []).map((d) => cellFamilyScore(d, family));
      const base = theirs.find((v) => v !== null);
      return mine === null || base === undefined || base === null ? [] : [{ mine, base }];
    });
  const decode = paired('decode');
  if (decode.length) {
    const observed = mean(decode.map((p) => Math.abs(p.mine - p.base)));
    checks.push({
      control: scrambled,
      family: 'decode',
      expected: `mean |scrambled − ${dense}| ≤ ${decodeTolerance} (${decode.length} matched cells)`,
      observed,
      pass: observed <= decodeTolerance,
    });
  }
  // A drop is only evidence where the dense net is localised beyond what an untrained net scores:
  // elsewhere the ratio divides noise by noise. Cells qualify by the dense score alone, never by the
  // scrambled one, so the selection cannot favour a pass on the scrambled side.
  const localize = paired('localize');
  if (localize.length) {
    const localised = localize.filter((p) => p.base > untrainedMax);
    const base = localised.length ? mean(localised.map((p) => p.base)) : null;
    const observed = base === null ? null : mean(localised.map((p) => p.mine)) / base;
    checks.push({
      control: scrambled,
      family: 'localize',
      expected: `scrambled / ${dense} ≤ ${localizeRatio} (ratio of means over the ${localised.length} of ${localize.length} matched cells where ${dense} localize > ${untrainedMax})`,
      observed,
      pass: observed !== null && observed <= localizeRatio,
    });
  }
  return checks;
}
