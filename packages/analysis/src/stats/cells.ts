import type { CellResult } from '@scrutable/core';
import { FAMILIES, familyById, INDEX_FAMILIES, interpretabilityIndex } from '../families/index.js';
import type { Family } from '../types.js';
import { groupBy } from './bootstrap.js';

/** Every analysis family, whose scores are reported per family (the index takes INDEX_FAMILIES). */
export const SCORE_FAMILIES: readonly string[] = FAMILIES;

/** What the statistics need to know about each substrate id. */
export interface SubstrateRole {
  /** e.g. `dense`, `spiking`, `symbolic`, `control`. */
  readonly family: string;
  readonly synchronous: boolean;
  /**
   * What a control calibrates: `planted` (a glass box: every applicable family must score high),
   * `untrained` (nothing learned: every family must score low) or `scrambled` (a rotation of a
   * trained net: decode kept, localisation lost). Controls on either side (synchronous or spiking)
   * are checked the same way by this role.
   */
  readonly control?: ControlRole;
  /**
   * Set on a rung of the dense ladder (a weaker checkpoint or narrower net of this substrate id, run
   * only to match weaker substrates' accuracy): used as a matching reference, never as a substrate of
   * its own in claim 1b.
   */
  readonly ladderOf?: string;
  /** For a scrambled control: the substrate it is a rotation of (default `dense`). */
  readonly derivedFrom?: string;
}

/** The roles a control substrate can play in the sanity checks. */
export type ControlRole = 'planted' | 'untrained' | 'scrambled';

/** The control role of a substrate: its declared one, else one its id names (`planted`, `planted-…`). */
export function controlRole(id: string, role: SubstrateRole | undefined): ControlRole | undefined {
  if (role?.family !== CONTROL_FAMILY) return undefined;
  if (role.control) return role.control;
  return (['planted', 'untrained', 'scrambled'] as const).find((r) => id === r || id.startsWith(`${r}-`));
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
 * A family's score in one cell, by the family's own rule (ablate: isolate; steer: preserve; edit:
 * edit.score; otherwise the mean of its non-null metrics); null when it has none. A family this
 * version does not know is taken as the mean of its metrics.
 */
export function cellFamilyScore(cell: CellResult, family: string): number | null {
  const metrics = cell.metrics ?? {};
  const known = familyById(family);
  if (known) return known.score(metrics);
  const values = Object.entries(metrics)
    .filter(([id, v]) => id.startsWith(`${family}.`) && typeof v === 'number' && Number.isFinite(v))
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

/**
 * The index families with a positive weight that all of `cells` scored, and those only some of them
 * did. A family is null in a cell only where it does not apply by design (an applicable family that
 * finds nothing scores 0), so the coverage is decided by design, never by outcome.
 */
export function familyCoverage(cells: readonly CellResult[], weights: FamilyWeights): FamilyCoverage {
  const used: Family[] = [];
  const leftOut: Family[] = [];
  for (const f of INDEX_FAMILIES) {
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
 * The cells with each one's index taken over the families every compared cell of the run scored
 * (weighted as the index is): one family set for every domain level, so that neither a comparison
 * within a domain level nor one across levels (claim 1b's domain factor) measures which ruler was
 * used. Observe never enters (it is the reading-cost axis). Families that apply to some domain
 * levels only (mechanism, edit) are left out of the index and reported per family beside it. The
 * other fields of each cell are kept; `families` gives each domain level the run's coverage.
 */
export function onSharedFamilies(
  cells: readonly CellResult[],
  weights: FamilyWeights,
): { cells: CellResult[]; families: Record<string, FamilyCoverage> } {
  const coverage = familyCoverage(cells, weights);
  const families: Record<string, FamilyCoverage> = {};
  for (const domain of groupBy(cells, domainKey).keys()) families[domain] = coverage;
  if (!coverage.used.length) return { cells: [], families };
  return { cells: cells.map((c) => ({ ...c, index: indexOver(c, coverage.used, weights) })), families };
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
