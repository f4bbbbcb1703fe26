import type { CellResult } from '@scrutable/core';
import { type Family, interpretabilityIndex } from '../types.js';
import { groupBy } from './bootstrap.js';

/** The analysis families whose scores make up the interpretability index. */
export const SCORE_FAMILIES = [
  'decode',
  'localize',
  'ablate',
  'mechanism',
  'steer',
  'edit',
  'observe',
  'describe',
] as const;

/** What the statistics need to know about each substrate id. */
export interface SubstrateRole {
  /** e.g. `dense`, `spiking`, `symbolic`, `control`. */
  readonly family: string;
  readonly synchronous: boolean;
  /**
   * Set on a rung of the dense ladder (a weaker checkpoint or narrower net of this substrate id, run
   * only to match weaker substrates' accuracy): used as a matching reference, never as a substrate of
   * its own in claim 1b.
   */
  readonly ladderOf?: string;
}

/** Substrate id -> its role. */
export type SubstrateRoles = Readonly<Record<string, SubstrateRole>>;

/** The family name of control substrates, which only the sanity checks use. */
export const CONTROL_FAMILY = 'control';

/** Cells that ran to completion. */
export function finishedCells(cells: readonly CellResult[]): CellResult[] {
  return cells.filter((c) => c.status === 'ok');
}

/** Finished cells of substrates that are known and not controls. */
export function comparisonCells(cells: readonly CellResult[], roles: SubstrateRoles): CellResult[] {
  return finishedCells(cells).filter(
    (c) => roles[c.substrate] && roles[c.substrate]!.family !== CONTROL_FAMILY,
  );
}

/** `task/L<level>/s<seed>`: the key that matches cells of different substrates on the same data. */
export function matchKey(cell: Pick<CellResult, 'task' | 'level' | 'seed'>): string {
  return `${cell.task}/L${cell.level}/s${cell.seed}`;
}

/**
 * A family's score in one cell, as the analyses define it: its `<family>.score` metric alone when the
 * cell has that metric (edit's harmonic mean; null stays null), else the mean of the family's
 * non-null metrics; null when it has none.
 */
export function cellFamilyScore(cell: CellResult, family: string): number | null {
  const metrics = cell.metrics ?? {};
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const combinedId = `${family}.score`;
  if (combinedId in metrics) return finite(metrics[combinedId]) ? metrics[combinedId] : null;
  const values = Object.entries(metrics)
    .filter(([id, v]) => id.startsWith(`${family}.`) && finite(v))
    .map(([, v]) => v as number);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Family weights of the interpretability index by name (default 1 each). */
export type FamilyWeights = Readonly<Record<string, number>>;

/** Which weighted families a set of cells scored: every one of them, or only some. */
export interface FamilyCoverage {
  /** Families with a positive weight that every cell scored, in report order. */
  readonly used: Family[];
  /** Families with a positive weight that some cell scored but not every one. */
  readonly leftOut: Family[];
}

/** The families with a positive weight that all of `cells` scored, and those only some of them did. */
export function familyCoverage(cells: readonly CellResult[], weights: FamilyWeights): FamilyCoverage {
  const used: Family[] = [];
  const leftOut: Family[] = [];
  for (const f of SCORE_FAMILIES) {
    if (!((weights[f] ?? 1) > 0)) continue;
    const scored = cells.filter((c) => cellFamilyScore(c, f) !== null).length;
    if (scored === cells.length) used.push(f);
    else if (scored > 0) leftOut.push(f);
  }
  return { used, leftOut };
}

/** A cell's interpretability index over `families` alone, weighted as the index is. */
export function indexOver(
  cell: CellResult,
  families: readonly Family[],
  weights: FamilyWeights,
): number | null {
  return interpretabilityIndex(
    Object.fromEntries(families.map((f) => [f, cellFamilyScore(cell, f)])),
    weights,
  );
}

/** `task/L<level>`: a domain level, the unit over which cells are compared like for like. */
export function domainKey(cell: Pick<CellResult, 'task' | 'level'>): string {
  return `${cell.task}/L${cell.level}`;
}

/**
 * The cells with each one's index taken over only the families every cell of its domain level scored
 * (weighted as the index is), so that cells of one domain level are compared like for like: a family
 * one substrate cannot run (a symbolic rule list has no hidden unit to ablate) would otherwise move
 * its index by what the others score on it, or a family it alone has would move its own. A cell whose
 * domain level shares no family is dropped. The other fields of each cell are kept; `families` gives
 * each domain level's coverage.
 */
export function onSharedFamilies(
  cells: readonly CellResult[],
  weights: FamilyWeights,
): { cells: CellResult[]; families: Record<string, FamilyCoverage> } {
  const out: CellResult[] = [];
  const families: Record<string, FamilyCoverage> = {};
  for (const [domain, group] of groupBy(cells, domainKey)) {
    const coverage = familyCoverage(group, weights);
    families[domain] = coverage;
    if (!coverage.used.length) continue;
    for (const c of group) out.push({ ...c, index: indexOver(c, coverage.used, weights) });
  }
  return { cells: out, families };
}

/** The cell's interpretability index, or null when missing. */
export function cellIndex(cell: CellResult): number | null {
  return typeof cell.index === 'number' && Number.isFinite(cell.index) ? cell.index : null;
}

/** A number for evidence text, 3 decimals. */
export function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3);
}

/** An interval with every non-finite end as null, as results.json stores it. */
export function nullIfNotFinite(ci: readonly [number, number]): [number | null, number | null] {
  return [Number.isFinite(ci[0]) ? ci[0] : null, Number.isFinite(ci[1]) ? ci[1] : null];
}
