import type { CellResult, SanityCheck } from '@scrutable/core';
import { groupBy, mean } from './bootstrap.js';
import {
  type ControlRole,
  cellFamilyScore,
  cellIndex,
  controlRole,
  finishedCells,
  matchKey,
  SCORE_FAMILIES,
  type SubstrateRoles,
} from './cells.js';

/** The thresholds each control role must meet. */
export interface SanityOptions {
  /** Every applicable family must reach this on a planted control (default 0.9). */
  readonly plantedMin?: number;
  /** Every family must stay at or below this on an untrained control (default 0.2). */
  readonly untrainedMax?: number;
  /** Largest mean |decode(scrambled) − decode(source)| on matched cells (default 0.05). */
  readonly scrambledDecodeTolerance?: number;
  /**
   * Largest localize(scrambled) / localize(source) (default 0.5), as a ratio of means over the matched
   * cells where the source's localize exceeds `untrainedMax`; with no such cell there is no
   * localisation for a rotation to remove, and the check fails.
   */
  readonly scrambledLocalizeRatio?: number;
}

/**
 * Families a control is checked on: all but observe, the reading-cost axis (how reliably and cheaply
 * states can be read, which a deterministic net does perfectly whether it learned anything or not).
 */
const CHECKED_FAMILIES = SCORE_FAMILIES.filter((f) => f !== 'observe');

/** Unweighted mean of a cell's non-null scores over `families` (null when it has none). */
function meanFamilyScore(
  cell: CellResult,
  families: readonly string[],
  score: (c: CellResult, family: string) => number | null = cellFamilyScore,
): number | null {
  const scores = families.map((f) => score(cell, f)).filter((v): v is number => v !== null);
  return scores.length ? mean(scores) : null;
}

/**
 * What an untrained control is bounded on, per family: its family score, except decode, whose
 * selectivity measures what a linear probe finds in the units, learned or not (random ReLU features of
 * some width decode latents the input does not carry linearly: that is width and nonlinearity, not
 * learning). What decode says about learning is its gain over the same architecture untrained
 * (`decode.gain`), and that is what must stay ≤ the bound; a cell read without an untrained twin has
 * no gain and is bounded on selectivity.
 */
function untrainedScore(cell: CellResult, family: string): number | null {
  const gain = cell.metrics?.['decode.gain'];
  if (family === 'decode' && typeof gain === 'number' && Number.isFinite(gain)) return gain;
  return cellFamilyScore(cell, family);
}

/**
 * The "is the ruler straight" checks, for every control substrate by its role (so spiking-side
 * controls are checked exactly as synchronous ones): a planted control scores ≥ 0.9 in every family
 * that applies to it (a family is null only where it does not apply by design) and in its index; an
 * untrained one ≤ 0.2 in every family and in the unweighted mean of those families; a scrambled one
 * keeps decode within 0.05 of the net it rotates on the same (task, level, seed) while localize
 * drops to at most half of that net's, on the cells where that net is localised (above the
 * untrained bound). Rows carry `control`, `family`, `observed`, `pass`. A check with no data is left
 * out rather than passed.
 */
export function sanityChecks(
  cells: readonly CellResult[],
  roles: SubstrateRoles,
  options: SanityOptions = {},
): SanityCheck[] {
  const plantedMin = options.plantedMin ?? 0.9;
  const untrainedMax = options.untrainedMax ?? 0.2;
  const decodeTolerance = options.scrambledDecodeTolerance ?? 0.05;
  const localizeRatio = options.scrambledLocalizeRatio ?? 0.5;
  const done = finishedCells(cells);
  const of = (id: string) => done.filter((c) => c.substrate === id);
  const controls = (role: ControlRole) =>
    Object.keys(roles)
      .filter((id) => controlRole(id, roles[id]) === role)
      .sort();
  const checks: SanityCheck[] = [];

  const bound = (
    control: string,
    side: 'min' | 'max',
    threshold: number,
    familyScore: (c: CellResult, family: string) => number | null,
    index: (c: CellResult) => number | null,
  ) => {
    const own = of(control);
    const scores: Array<[string, (c: CellResult) => number | null]> = [
      ...CHECKED_FAMILIES.map((f) => [f, (c: CellResult) => familyScore(c, f)] as [string, typeof cellIndex]),
      ['index', index],
    ];
    for (const [family, score] of scores) {
      const values = own.map(score).filter((v): v is number => v !== null);
      if (!values.length) continue;
      const observed = mean(values);
      checks.push({
        control,
        family,
        expected: `${familyScore === untrainedScore && family === 'decode' ? 'decode.gain ' : ''}${side === 'min' ? '≥' : '≤'} ${threshold} (mean over ${values.length} cells)`,
        observed,
        pass: side === 'min' ? observed >= threshold : observed <= threshold,
      });
    }
  };
  for (const id of controls('planted')) bound(id, 'min', plantedMin, cellFamilyScore, cellIndex);
  // The untrained index is the mean of the bounded scores over the checked families: observe must not
  // re-enter through it.
  for (const id of controls('untrained'))
    bound(id, 'max', untrainedMax, untrainedScore, (c) =>
      meanFamilyScore(c, CHECKED_FAMILIES, untrainedScore),
    );

  for (const scrambled of controls('scrambled')) {
    const source = roles[scrambled]?.derivedFrom ?? 'dense';
    const reference = groupBy(of(source), matchKey);
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
        expected: `mean |scrambled − ${source}| ≤ ${decodeTolerance} (${decode.length} matched cells)`,
        observed,
        pass: observed <= decodeTolerance,
      });
    }
    // A drop is only evidence where the source is localised beyond what an untrained net scores:
    // elsewhere the ratio divides noise by noise. Cells qualify by the source's score alone, never by
    // the scrambled one, so the selection cannot favour a pass on the scrambled side.
    const localize = paired('localize');
    if (localize.length) {
      const localised = localize.filter((p) => p.base > untrainedMax);
      const base = localised.length ? mean(localised.map((p) => p.base)) : null;
      const observed = base === null ? null : mean(localised.map((p) => p.mine)) / base;
      checks.push({
        control: scrambled,
        family: 'localize',
        expected: `scrambled / ${source} ≤ ${localizeRatio} (ratio of means over the ${localised.length} of ${localize.length} matched cells where ${source} localize > ${untrainedMax})`,
        observed,
        pass: observed !== null && observed <= localizeRatio,
      });
    }
  }
  return checks;
}
