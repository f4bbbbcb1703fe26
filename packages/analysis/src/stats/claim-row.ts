import type { ClaimVerdict, MatchedCell } from '@scrutable/core';
import { type BootstrapInterval, minimumUnits } from './bootstrap.js';
import { fmt, nullIfNotFinite } from './cells.js';
import { decideVerdict } from './verdict.js';

/** The interval as evidence states it; every claim resamples tasks at its outermost stage. */
export function describeInterval(b: BootstrapInterval, level: number, how: string): string {
  const percent = `${Math.round(level * 100)}%`;
  if (b.tooFewUnits)
    return `no ${percent} CI: ${b.units} task${b.units === 1 ? '' : 's'}, and a ${percent} interval needs at least ${minimumUnits(level)} (the range of n tasks straddles their median with probability 1 − 2^(1−n) only)`;
  if (!Number.isFinite(b.ci[0]) || !Number.isFinite(b.ci[1]))
    return `no ${percent} CI: no resample gave a finite estimate`;
  return `${percent} CI ${fmt(b.ci[0])} to ${fmt(b.ci[1])} (expanded percentile bootstrap over ${b.units} tasks, ${b.resamples} resamples ${how})`;
}

/** What a claim row adds to its bootstrap: who it is, the evidence, and what it rests on. */
export interface ClaimRowParts {
  readonly id: string;
  readonly statement: string;
  readonly evidence: string;
  readonly tasks: readonly string[];
  readonly matchedCells: readonly MatchedCell[];
  /** 1 when the claim predicts a positive effect, -1 a negative one. */
  readonly sign?: 1 | -1;
}

/** A claim row from an effect's bootstrap interval, with its four-way verdict. */
export function claimRow(b: BootstrapInterval, parts: ClaimRowParts): ClaimVerdict {
  const decision = decideVerdict(b.estimate, b.ci, parts.sign ?? 1);
  return {
    id: parts.id,
    statement: parts.statement,
    verdict: decision.verdict,
    ...(decision.qualifier ? { qualifier: decision.qualifier } : {}),
    effect: Number.isFinite(b.estimate) ? b.estimate : null,
    ci: nullIfNotFinite(b.ci),
    halfWidth: decision.halfWidth,
    tasks: [...parts.tasks],
    matchedCells: [...parts.matchedCells],
    evidence: parts.evidence,
  };
}

/** A claim row with nothing to estimate from: inconclusive, and why. */
export function emptyClaimRow(id: string, statement: string, evidence: string): ClaimVerdict {
  return {
    id,
    statement,
    verdict: 'inconclusive',
    effect: null,
    ci: [null, null],
    halfWidth: null,
    tasks: [],
    matchedCells: [],
    evidence,
  };
}
