import type { AnalysisFamily } from '../family.js';
import { ablate } from './ablate.js';
import { decode } from './decode.js';
import { describeFamily } from './describe.js';
import { edit } from './edit.js';
import { localize } from './localize.js';
import { mechanism } from './mechanism.js';
import { observe } from './observe.js';
import { steer } from './steer.js';

/** Every analysis family, in report order. Adding a family is one module and one entry here. */
export const FAMILY_LIST: readonly AnalysisFamily[] = [
  decode,
  localize,
  ablate,
  mechanism,
  steer,
  edit,
  observe,
  describeFamily,
];

/** Every family id, in report order. */
export const FAMILIES: readonly string[] = FAMILY_LIST.map((f) => f.id);

/** The families that may enter the interpretability index (all but the reading-cost axis). */
export const INDEX_FAMILIES: readonly string[] = FAMILY_LIST.filter((f) => f.inIndex).map((f) => f.id);

/** The metric ids each family yields (docs/metrics.md defines each). */
export const FAMILY_METRICS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  FAMILY_LIST.map((f) => [f.id, f.metrics.map((m) => m.id)]),
);

/** The family with this id, if any. */
export function familyById(id: string): AnalysisFamily | undefined {
  return FAMILY_LIST.find((f) => f.id === id);
}

/**
 * Weighted mean of the non-null scores of the index families (weights default to 1); null when none
 * is available. Families outside the index (observe) never count, whatever their weight.
 */
export function interpretabilityIndex(
  families: Readonly<Record<string, number | null | undefined>>,
  weights: Readonly<Partial<Record<string, number>>> = {},
): number | null {
  let sum = 0;
  let total = 0;
  for (const family of INDEX_FAMILIES) {
    const score = families[family];
    const w = weights[family] ?? 1;
    if (score === null || score === undefined || !Number.isFinite(score) || !(w > 0)) continue;
    sum += w * score;
    total += w;
  }
  return total > 0 ? sum / total : null;
}
