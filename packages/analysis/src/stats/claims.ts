import type { CellResult, ClaimVerdict } from '@scrutable/core';
import { type BootstrapInterval, bootstrap, groupBy, mean, minimumUnits } from './bootstrap.js';
import {
  CONTROL_FAMILY,
  cellIndex,
  comparisonCells,
  domainKey,
  type FamilyWeights,
  familyCoverage,
  fmt,
  indexOver,
  listKeys,
  matchKey,
  nullIfNotFinite,
  onSharedFamilies,
  reachesFloor,
  SCORE_FAMILIES,
  type SubstrateRoles,
} from './cells.js';
import { decomposeVariance } from './variance.js';

/** Options every claim verdict takes. */
export interface ClaimOptions {
  /** Substrate id -> family and timing; controls (family `control`) and unknown ids are left out. */
  readonly roles: SubstrateRoles;
  /** Seed of the bootstrap. */
  readonly seed: number;
  /** A cell counts as capable when test accuracy ≥ chance + accuracyFloor·(1 − chance); default 0.5. */
  readonly accuracyFloor?: number;
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  readonly level?: number;
  /** Fewest matched (task, level, seed) cells claim 1a needs before it says anything (default 3). */
  readonly minMatchedCells?: number;
  /** Family weights of the interpretability index (default 1 each), as the analysis config gives them. */
  readonly weights?: FamilyWeights;
}

/** The three claim statements, phrased as the argument makes them. */
export const CLAIM_STATEMENTS = {
  '1a': 'Synchronous matrix operations are the most interpretable: at matched capability, dense networks have a higher interpretability index than asynchronous spiking networks.',
  '1b': 'Inscrutability comes from the domain, not the structure: domain complexity explains more of the variance of the interpretability index than the substrate does.',
  'symbolic-scaling':
    'Hand-built symbolic systems fall behind as the domain grows: the capability gap between the symbolic baseline and the best connectionist substrate widens with the complexity level.',
} as const;

/** supported when the interval is above 0, contradicted when below, otherwise inconclusive. */
export function verdictFromInterval(
  ci: readonly [number, number],
  sign: 1 | -1 = 1,
): ClaimVerdict['verdict'] {
  const [lo, hi] = sign === 1 ? ci : [-ci[1], -ci[0]];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return 'inconclusive';
  if (lo > 0) return 'supported';
  if (hi < 0) return 'contradicted';
  return 'inconclusive';
}

/** The interval as evidence states it; every claim resamples tasks at its outermost stage. */
function describeInterval(b: BootstrapInterval, level: number, how: string): string {
  const percent = `${Math.round(level * 100)}%`;
  if (b.tooFewUnits)
    return `no ${percent} CI: ${b.units} task${b.units === 1 ? '' : 's'}, and a ${percent} interval needs at least ${minimumUnits(level)} (the range of n tasks straddles their median with probability 1 − 2^(1−n) only)`;
  return `${percent} CI ${fmt(b.ci[0])} to ${fmt(b.ci[1])} (expanded percentile bootstrap over ${b.units} tasks, ${b.resamples} resamples ${how})`;
}

/** One matched (task, level, seed) comparison of dense against spiking. */
interface MatchedPair {
  readonly key: string;
  readonly task: string;
  readonly dense: number;
  readonly spiking: number;
  /** Families some cell of the pair scored but not every one, so left out of both sides' indices. */
  readonly leftOut: readonly string[];
}

/**
 * The index of each side of a matched cell over only the families every cell of it scored, weighted
 * as the index is: a family one side cannot run (a spiking net has no rank-one edit) would otherwise
 * move the difference by what it scores on the other side. Null when they share no family.
 */
function matchedPair(
  key: string,
  dense: readonly CellResult[],
  spiking: readonly CellResult[],
  weights: FamilyWeights,
): MatchedPair | null {
  const { used, leftOut } = familyCoverage([...dense, ...spiking], weights);
  if (!used.length) return null;
  const index = (c: CellResult) => indexOver(c, used, weights)!;
  return {
    key,
    task: dense[0]!.task,
    dense: mean(dense.map(index)),
    spiking: mean(spiking.map(index)),
    leftOut,
  };
}

/** How many comparisons left out each family, for evidence text ("none" when none left any out). */
function familiesLeftOut(leftOut: ReadonlyArray<readonly string[]>): string {
  const counts = SCORE_FAMILIES.map((f) => [f, leftOut.filter((l) => l.includes(f)).length] as const);
  const left = counts.filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n}`);
  return left.length ? left.join(', ') : 'none';
}

/** Claim 1a: dense minus spiking interpretability index, only where both reach the accuracy floor. */
export function claimSynchronousMostInterpretable(
  cells: readonly CellResult[],
  options: ClaimOptions,
): ClaimVerdict {
  const floor = options.accuracyFloor ?? 0.5;
  const level = options.level ?? 0.95;
  const minMatched = options.minMatchedCells ?? 3;
  const familyOf = (c: CellResult) => options.roles[c.substrate]?.family;
  const usable = comparisonCells(cells, options.roles).filter(
    (c) => (familyOf(c) === 'dense' || familyOf(c) === 'spiking') && cellIndex(c) !== null,
  );
  const capable = usable.filter((c) => reachesFloor(c, floor));
  const pairs: MatchedPair[] = [];
  let unshared = 0;
  for (const [key, group] of groupBy(capable, matchKey)) {
    const dense = group.filter((c) => familyOf(c) === 'dense');
    const spiking = group.filter((c) => familyOf(c) === 'spiking');
    if (!dense.length || !spiking.length) continue;
    const pair = matchedPair(key, dense, spiking, options.weights ?? {});
    if (pair) pairs.push(pair);
    else unshared++;
  }
  const ids = (family: string) =>
    [...new Set(usable.filter((c) => familyOf(c) === family).map((c) => c.substrate))].join(', ') || 'none';
  const base = `Dense family: ${ids('dense')}; spiking family: ${ids('spiking')}. Floor: test accuracy ≥ chance + ${floor}·(1 − chance). ${capable.length} of ${usable.length} dense/spiking cells reach it; ${pairs.length + unshared} (task, level, seed) cells have both families above it${unshared ? `, ${unshared} of them with no scored family in common (not compared)` : ''}; each is compared over the families both scored (left out: ${familiesLeftOut(pairs.map((p) => p.leftOut))}).`;
  if (pairs.length < minMatched) {
    return {
      id: '1a',
      statement: CLAIM_STATEMENTS['1a'],
      verdict: 'inconclusive',
      effect: pairs.length ? mean(pairs.map((p) => p.dense - p.spiking)) : null,
      ci: [null, null],
      evidence: `${base} Too few matched cells to compare (need at least ${minMatched}).${pairs.length ? ` Matched: ${listKeys(pairs.map((p) => p.key))}.` : ''}`,
    };
  }
  const b = bootstrap(pairs, (s) => mean(s.map((p) => p.dense - p.spiking)), {
    seed: options.seed,
    resamples: options.resamples,
    level,
    clusters: [(p) => p.task],
  });
  return {
    id: '1a',
    statement: CLAIM_STATEMENTS['1a'],
    verdict: verdictFromInterval(b.ci),
    effect: Number.isFinite(b.estimate) ? b.estimate : null,
    ci: nullIfNotFinite(b.ci),
    evidence: `${base} Mean index over the shared families: dense ${fmt(mean(pairs.map((p) => p.dense)))}, spiking ${fmt(mean(pairs.map((p) => p.spiking)))}; difference ${fmt(b.estimate)}, ${describeInterval(b, level, 'over tasks, then matched cells within each task')}. Matched cells: ${listKeys(pairs.map((p) => p.key))}.`,
  };
}

/** Domain minus substrate ω² of the index, with its interval; or why it cannot be computed. */
type DomainMinusSubstrate =
  | { detail: ReturnType<typeof decomposeVariance>; b: BootstrapInterval; leftOut: string }
  | { problem: string };

/**
 * Domain minus substrate ω² of the index over `cells`, each cell's index taken over the families
 * every cell of its domain level scored (see onSharedFamilies), with its interval.
 */
function domainMinusSubstrate(cells: readonly CellResult[], options: ClaimOptions): DomainMinusSubstrate {
  const shared = onSharedFamilies(cells, options.weights ?? {});
  const compared = shared.cells;
  const observe = (s: readonly CellResult[]) =>
    decomposeVariance(s.map((c) => ({ domain: domainKey(c), substrate: c.substrate, value: cellIndex(c)! })));
  const domains = new Set(compared.map(domainKey)).size;
  const substrates = new Set(compared.map((c) => c.substrate)).size;
  const clusters = new Set(compared.map((c) => `${c.task}/s${c.seed}`)).size;
  const unshared = Object.values(shared.families).filter((f) => !f.used.length).length;
  if (domains < 2 || substrates < 2 || clusters < 2)
    return {
      problem: `${compared.length} cells over ${domains} domain levels and ${substrates} substrates, in ${clusters} (task, seed) groups${unshared ? ` (${unshared} domain levels left out: no family every substrate scored)` : ''}: a decomposition needs at least 2 of each`,
    };
  const b = bootstrap(
    compared,
    (sample) => {
      const w = observe(sample).omegaSquared;
      return w.domain - w.substrate;
    },
    {
      seed: options.seed,
      resamples: options.resamples,
      level: options.level,
      clusters: [(c) => c.task, (c) => String(c.seed)],
      resampleItems: false,
      relabel: (c, draw) => ({ ...c, task: `${c.task}#${draw}` }),
    },
  );
  const levels = Object.values(shared.families);
  const leftOut = `left out, as not every substrate scored them: ${familiesLeftOut(levels.map((f) => f.leftOut))} of ${levels.length} domain levels${unshared ? `; ${unshared} domain levels with no family in common left out entirely` : ''}`;
  return { detail: observe(compared), b, leftOut };
}

/**
 * Claim 1b: domain minus substrate share (ω²) of the index variance over the grid. A substrate that
 * did not learn a task has a low index for that reason alone, which the decomposition books to the
 * substrate; so the verdict stands only if the cells that reach the accuracy floor give the same one.
 */
export function claimDomainNotStructure(cells: readonly CellResult[], options: ClaimOptions): ClaimVerdict {
  const level = options.level ?? 0.95;
  const floor = options.accuracyFloor ?? 0.5;
  const usable = comparisonCells(cells, options.roles).filter((c) => cellIndex(c) !== null);
  const all = domainMinusSubstrate(usable, options);
  const statement = { id: '1b', statement: CLAIM_STATEMENTS['1b'] } as const;
  if ('problem' in all)
    return {
      ...statement,
      verdict: 'inconclusive',
      effect: null,
      ci: [null, null],
      evidence: `${all.problem}.`,
    };
  const { detail, b } = all;
  const s = detail.shares;
  const w = detail.omegaSquared;
  const verdict = verdictFromInterval(b.ci);
  const capableCells = usable.filter((c) => reachesFloor(c, floor));
  const capable = domainMinusSubstrate(capableCells, options);
  const capableVerdict = 'problem' in capable ? null : verdictFromInterval(capable.b.ci);
  const robustness =
    'problem' in capable
      ? `At matched capability (the ${capableCells.length} cells with test accuracy ≥ chance + ${floor}·(1 − chance)) it cannot be checked: ${capable.problem}.`
      : `At matched capability (the ${capableCells.length} cells with test accuracy ≥ chance + ${floor}·(1 − chance), substrates ${[...new Set(capableCells.map((c) => c.substrate))].join(', ')}): ${fmt(capable.b.estimate)}, ${describeInterval(capable.b, level, 'over tasks, then seeds within each task')}, which alone would be ${capableVerdict}.`;
  const standsAtCapability = capableVerdict === verdict;
  return {
    ...statement,
    verdict: standsAtCapability ? verdict : 'inconclusive',
    effect: Number.isFinite(b.estimate) ? b.estimate : null,
    ci: nullIfNotFinite(b.ci),
    evidence: `Two-way decomposition of the index over ${detail.observations} cells (${detail.filledCells} of ${detail.possibleCells} domain-level × substrate combinations filled; seeds are replicates), each cell's index taken over the families every substrate scored on its domain level (${all.leftOut}). Shares domain ${fmt(s.domain)}, substrate ${fmt(s.substrate)}, interaction ${fmt(s.interaction)}, residual ${fmt(s.residual)}. Corrected for chance (ω², error term: ${detail.errorTerm}): domain ${fmt(w.domain)} over ${detail.degreesOfFreedom.domain + 1} levels, substrate ${fmt(w.substrate)} over ${detail.degreesOfFreedom.substrate + 1}. Domain minus substrate ω² ${fmt(b.estimate)}, ${describeInterval(b, level, 'over tasks, then seeds within each task')}. Substrates: ${[...new Set(usable.map((c) => c.substrate))].join(', ')}. ${robustness}${standsAtCapability || verdict === 'inconclusive' ? '' : ` Over all cells it would be ${verdict}; the verdict is inconclusive because that does not hold at matched capability.`}`,
  };
}

/** One (task, level, seed) capability gap between the symbolic baseline and the best connectionist. */
interface Gap {
  readonly key: string;
  readonly task: string;
  readonly level: number;
  readonly gap: number;
}

/** Slope of y on x with a separate intercept per group (the within-group least-squares slope). */
export function withinGroupSlope(points: ReadonlyArray<{ group: string; x: number; y: number }>): number {
  let sxy = 0;
  let sxx = 0;
  for (const group of groupBy(points, (p) => p.group).values()) {
    const mx = mean(group.map((p) => p.x));
    const my = mean(group.map((p) => p.y));
    for (const p of group) {
      sxy += (p.x - mx) * (p.y - my);
      sxx += (p.x - mx) ** 2;
    }
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/** Claim symbolic-scaling: slope over level of (symbolic − best connectionist) test accuracy. */
export function claimSymbolicFallsBehind(cells: readonly CellResult[], options: ClaimOptions): ClaimVerdict {
  const level = options.level ?? 0.95;
  const familyOf = (c: CellResult) => options.roles[c.substrate]?.family;
  const withCapability = comparisonCells(cells, options.roles).filter((c) =>
    Number.isFinite(c.capability?.test),
  );
  const gaps: Gap[] = [];
  for (const [key, group] of groupBy(withCapability, matchKey)) {
    const symbolic = group.filter((c) => familyOf(c) === 'symbolic').map((c) => c.capability!.test);
    const connectionist = group
      .filter((c) => familyOf(c) !== 'symbolic' && familyOf(c) !== CONTROL_FAMILY)
      .map((c) => c.capability!.test);
    if (symbolic.length && connectionist.length)
      gaps.push({
        key,
        task: group[0]!.task,
        level: group[0]!.level,
        gap: mean(symbolic) - Math.max(...connectionist),
      });
  }
  const slope = (s: readonly Gap[]) =>
    withinGroupSlope(s.map((g) => ({ group: g.task, x: g.level, y: g.gap })));
  const estimate = slope(gaps);
  const perLevel = [...groupBy(gaps, (g) => String(g.level)).entries()]
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([l, g]) => `L${l} ${fmt(mean(g.map((x) => x.gap)))} (${g.length})`)
    .join(', ');
  const base = `Gap = symbolic test accuracy − best connectionist test accuracy on the same (task, level, seed); ${gaps.length} such cells. Mean gap by level (cells): ${perLevel || 'none'}.`;
  if (!Number.isFinite(estimate)) {
    return {
      id: 'symbolic-scaling',
      statement: CLAIM_STATEMENTS['symbolic-scaling'],
      verdict: 'inconclusive',
      effect: null,
      ci: [null, null],
      evidence: `${base} A slope needs matched cells at two or more levels of the same task.`,
    };
  }
  const b = bootstrap(gaps, slope, {
    seed: options.seed,
    resamples: options.resamples,
    level,
    clusters: [(g) => g.task],
    relabel: (g, draw) => ({ ...g, task: `${g.task}#${draw}` }),
  });
  return {
    id: 'symbolic-scaling',
    statement: CLAIM_STATEMENTS['symbolic-scaling'],
    verdict: verdictFromInterval(b.ci, -1),
    effect: Number.isFinite(b.estimate) ? b.estimate : null,
    ci: nullIfNotFinite(b.ci),
    evidence: `${base} Within-task least-squares slope of the gap per level ${fmt(b.estimate)}, ${describeInterval(b, level, 'over tasks, then cells within each task')}; the claim holds when the slope is below 0. Cells: ${listKeys(gaps.map((g) => g.key))}.`,
  };
}

/** All three claim verdicts, in report order. */
export function claimVerdicts(cells: readonly CellResult[], options: ClaimOptions): ClaimVerdict[] {
  return [
    claimSynchronousMostInterpretable(cells, options),
    claimDomainNotStructure(cells, options),
    claimSymbolicFallsBehind(cells, options),
  ];
}
