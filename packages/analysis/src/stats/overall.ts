import type { ClaimVerdict, ReadingCostRow, Verdict } from '@scrutable/core';
import { fmt } from './cells.js';
import { claimRow, describeInterval } from './claim-row.js';
import type { ComplexityDrop } from './complexity.js';
import { MAX_HALF_WIDTH, SMALLEST_EFFECT_OF_INTEREST, withinEquivalence } from './verdict.js';

/** Reading-cost ratio (events to read a family over one synchronous pass) that counts as a real cost. */
export const COST_FACTOR = 10;

/** The statements of the two claims as the essay makes them. */
export const CLAIM_STATEMENTS = {
  '1a': 'Synchronous matrix operations are the most interpretable: at matched capability, dense networks are more interpretable than asynchronous spiking networks, or cost far less to read.',
  '1b': 'Inscrutability comes from the domain, not the structure: the index falls with domain complexity by more than the smallest effect of interest, while structures at matched capability differ by less than it.',
} as const;

/** The lowest end of the pooled reading-cost ratio's CI (median over families of each row's ends). */
function costRatioBounds(cost: readonly ReadingCostRow[]): [number, number] | null {
  const rows = cost.filter((r) => r.ratioToOnePassCi[0] !== null && r.ratioToOnePassCi[1] !== null);
  if (!rows.length) return null;
  const ends = (i: 0 | 1) =>
    rows.map((r) => r.ratioToOnePassCi[i]!).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  return [ends(0), ends(1)];
}

/** A component row by id; an absent one reads as inconclusive. */
function find(rows: readonly ClaimVerdict[], id: string): ClaimVerdict {
  return (
    rows.find((r) => r.id === id) ?? { id, statement: '', verdict: 'inconclusive', evidence: 'not evaluated' }
  );
}

/**
 * The essay's claim 1a from its three contrasts, by the rule fixed in advance (docs/metrics.md):
 * supported if 1a-C is supported, or if 1a-C is not contradicted and 1a-A is supported or the reading
 * cost ratio's CI lies above COST_FACTOR; contradicted if 1a-C is contradicted, or if 1a-A and 1a-C are
 * both negligible and the cost ratio's CI lies below COST_FACTOR; inconclusive otherwise. 1a-B is a
 * diagnostic beside it (is a 1a-C difference asynchrony or the learning rule?), not part of the rule.
 */
export function claimOverall1a(
  contrasts: readonly ClaimVerdict[],
  cost: readonly ReadingCostRow[],
): ClaimVerdict {
  const a = find(contrasts, '1a-A');
  const b = find(contrasts, '1a-B');
  const c = find(contrasts, '1a-C');
  const ratio = costRatioBounds(cost);
  const costly = ratio !== null && ratio[0] > COST_FACTOR;
  const cheap = ratio !== null && ratio[1] < COST_FACTOR;
  let verdict: Verdict = 'inconclusive';
  let why = 'no branch of the rule applies';
  if (c.verdict === 'supported') [verdict, why] = ['supported', '1a-C is supported'];
  else if (c.verdict === 'contradicted') [verdict, why] = ['contradicted', '1a-C is contradicted'];
  else if (a.verdict === 'supported')
    [verdict, why] = ['supported', '1a-C is not contradicted and 1a-A is supported'];
  else if (costly)
    [verdict, why] = [
      'supported',
      `1a-C is not contradicted and reading costs more than ${COST_FACTOR} passes`,
    ];
  else if (a.verdict === 'negligible' && c.verdict === 'negligible' && cheap)
    [verdict, why] = [
      'contradicted',
      `1a-A and 1a-C are negligible and reading costs under ${COST_FACTOR} passes`,
    ];
  const costText = ratio
    ? `reading-cost ratio (median over families of each family's CI ends) ${fmt(ratio[0])} to ${fmt(ratio[1])} passes`
    : 'no reading-cost ratio recorded';
  return {
    id: '1a',
    statement: CLAIM_STATEMENTS['1a'],
    verdict,
    effect: null,
    ci: [null, null],
    halfWidth: null,
    tasks: [...new Set([...(a.tasks ?? []), ...(c.tasks ?? [])])],
    matchedCells: [...(a.matchedCells ?? []), ...(c.matchedCells ?? [])],
    evidence: `By the pre-registered rule from its contrasts: 1a-A ${a.verdict}, 1a-C ${c.verdict}, ${costText}; ${why}. The diagnostic 1a-B (asynchrony at a fixed local rule) is ${b.verdict}.`,
  };
}

/**
 * Claim 1b: supported if the complexity drop's CI lies above the smallest effect of interest and the
 * structure contrasts at matched capability (1a-A, 1a-C) are both inside ±SESOI; contradicted if one
 * of them is supported or contradicted with a magnitude at least the complexity drop; inconclusive
 * otherwise. The effect and CI are the complexity drop's.
 */
export function claimDomainNotStructure(
  drop: ComplexityDrop,
  contrasts: readonly ClaimVerdict[],
  options: { level?: number; variance?: string },
): ClaimVerdict {
  const level = options.level ?? 0.95;
  const structure = ['1a-A', '1a-C'].map((id) => find(contrasts, id));
  const lo = drop.b.ci[0];
  const steep = Number.isFinite(lo) && lo > SMALLEST_EFFECT_OF_INTEREST;
  const flat = structure.every((r) => withinEquivalence(r.ci));
  const larger = structure.filter(
    (r) =>
      (r.verdict === 'supported' || r.verdict === 'contradicted') &&
      Math.abs(r.effect ?? 0) >= Math.abs(drop.b.estimate),
  );
  const row = claimRow(drop.b, {
    id: '1b',
    statement: CLAIM_STATEMENTS['1b'],
    tasks: drop.tasks,
    matchedCells: drop.cells,
    evidence: '',
  });
  let verdict: Verdict = 'inconclusive';
  if (larger.length) verdict = 'contradicted';
  else if (steep && flat) verdict = 'supported';
  const perStructure = [...drop.perStructure].map(([s, d]) => `${s} ${fmt(d)}`).join(', ') || 'none';
  const rule = larger.length
    ? `${larger.map((r) => r.id).join(' and ')} differ by at least the complexity drop`
    : steep && flat
      ? `the drop's CI lies above ${SMALLEST_EFFECT_OF_INTEREST} and 1a-A and 1a-C lie inside ±${SMALLEST_EFFECT_OF_INTEREST}`
      : `the rule needs the drop's CI above ${SMALLEST_EFFECT_OF_INTEREST} (lower end ${fmt(lo)}) and 1a-A and 1a-C inside ±${SMALLEST_EFFECT_OF_INTEREST} (${structure.map((r) => `${r.id} ${r.verdict}`).join(', ')})`;
  const underpowered = verdict === 'inconclusive' && (row.halfWidth ?? 0) > MAX_HALF_WIDTH;
  return {
    id: row.id,
    statement: row.statement,
    verdict,
    ...(underpowered ? { qualifier: 'underpowered' as const } : {}),
    effect: row.effect ?? null,
    ci: row.ci ?? [null, null],
    halfWidth: row.halfWidth ?? null,
    tasks: row.tasks ?? [],
    matchedCells: row.matchedCells ?? [],
    evidence: `Complexity effect: the index drop from the lowest to the highest level (${drop.span} levels apart), within each structure on the task levels where it is capable (dense and dense-brain pooled as one structure, symbolic and controls left out), ${fmt(drop.b.estimate)}, ${describeInterval(drop.b, level, 'over tasks, then cells within each task')}; per structure: ${perStructure}. Structure effect at matched capability: ${structure.map((r) => `${r.id} ${r.verdict} (${fmt(r.effect)})`).join(', ')}. Verdict: ${verdict}, as ${rule}.${options.variance ? ` Described, not decided on: ${options.variance}` : ''}`,
  };
}
