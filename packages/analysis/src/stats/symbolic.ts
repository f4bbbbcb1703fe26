import type { CellResult, ClaimVerdict } from '@scrutable/core';
import { bootstrap, groupBy, mean } from './bootstrap.js';
import { CONTROL_FAMILY, comparisonCells, fmt, matchKey, type SubstrateRoles } from './cells.js';
import { claimRow, describeInterval, emptyClaimRow } from './claim-row.js';
import { withinGroupSlope } from './complexity.js';

/** The two symbolic-scaling statements: against the best connectionist, and against a linear readout. */
export const SYMBOLIC_STATEMENTS = {
  'symbolic-scaling':
    'Hand-built symbolic systems fall behind as the domain grows: the capability gap between the symbolic baseline and the best connectionist substrate widens with the complexity level.',
  'symbolic-vs-linear':
    'The symbolic baseline falls behind even a linear readout of the raw inputs as the domain grows: the gap between the two widens with the complexity level.',
} as const;

/** One (task, level, seed) accuracy gap between the symbolic baseline and what it is measured against. */
interface Gap {
  readonly task: string;
  readonly level: number;
  readonly seed: number;
  readonly gap: number;
  readonly sides: { substrate: string; accuracy: number }[];
}

/** Gaps against the best connectionist substrate, or against the cell's linear baseline. */
function gaps(
  cells: readonly CellResult[],
  roles: SubstrateRoles,
  against: 'connectionist' | 'linear',
): Gap[] {
  const familyOf = (c: CellResult) => roles[c.substrate]?.family;
  const withCapability = comparisonCells(cells, roles).filter((c) => Number.isFinite(c.capability?.test));
  const out: Gap[] = [];
  for (const group of groupBy(withCapability, matchKey).values()) {
    const symbolic = group.filter((c) => familyOf(c) === 'symbolic');
    if (!symbolic.length) continue;
    const own = mean(symbolic.map((c) => c.capability!.test));
    const first = group[0]!;
    let other: { substrate: string; accuracy: number } | undefined;
    if (against === 'linear') {
      const linear = symbolic.map((c) => c.capability!.linear).filter((v): v is number => Number.isFinite(v));
      if (linear.length) other = { substrate: 'linear readout', accuracy: mean(linear) };
    } else {
      const connectionist = group.filter(
        (c) => familyOf(c) !== 'symbolic' && familyOf(c) !== CONTROL_FAMILY && !roles[c.substrate]?.ladderOf,
      );
      const best = connectionist.sort((a, b) => b.capability!.test - a.capability!.test)[0];
      if (best) other = { substrate: best.substrate, accuracy: best.capability!.test };
    }
    if (!other) continue;
    out.push({
      task: first.task,
      level: first.level,
      seed: first.seed,
      gap: own - other.accuracy,
      sides: [{ substrate: symbolic[0]!.substrate, accuracy: own }, other],
    });
  }
  return out;
}

/**
 * Symbolic scaling: the within-task slope over level of (symbolic − best connectionist) test accuracy,
 * or of (symbolic − linear readout); the claim holds when it is below 0.
 */
export function claimSymbolicScaling(
  cells: readonly CellResult[],
  options: { roles: SubstrateRoles; seed: number; resamples?: number; level?: number },
  against: 'connectionist' | 'linear',
): ClaimVerdict {
  const id = against === 'linear' ? 'symbolic-vs-linear' : 'symbolic-scaling';
  const statement = SYMBOLIC_STATEMENTS[id];
  const level = options.level ?? 0.95;
  const list = gaps(cells, options.roles, against);
  const slope = (s: readonly Gap[]) =>
    withinGroupSlope(s.map((g) => ({ group: g.task, x: g.level, y: g.gap })));
  const perLevel = [...groupBy(list, (g) => String(g.level))]
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([l, g]) => `L${l} ${fmt(mean(g.map((x) => x.gap)))} (${g.length})`)
    .join(', ');
  const what =
    against === 'linear' ? 'the linear readout of the raw inputs' : 'the best connectionist substrate';
  const base = `Gap = symbolic test accuracy − that of ${what} on the same (task, level, seed); ${list.length} such cells. Mean gap by level (cells): ${perLevel || 'none'}.`;
  if (!Number.isFinite(slope(list)))
    return emptyClaimRow(
      id,
      statement,
      `${base} A slope needs cells at two or more levels of the same task.`,
    );
  const b = bootstrap(list, slope, {
    seed: options.seed,
    resamples: options.resamples,
    level,
    clusters: [(g) => g.task],
    relabel: (g, draw) => ({ ...g, task: `${g.task}#${draw}` }),
  });
  return claimRow(b, {
    id,
    statement,
    sign: -1,
    tasks: [...new Set(list.map((g) => g.task))],
    matchedCells: list.map((g) => ({
      task: g.task,
      level: g.level,
      seed: g.seed,
      sides: g.sides.map((s) => ({ ...s, index: null })),
    })),
    evidence: `${base} Within-task least-squares slope of the gap per level ${fmt(b.estimate)}, ${describeInterval(b, level, 'over tasks, then cells within each task')}; the claim holds when the slope is below 0.`,
  });
}
