import type { CellResult, MatchedCell } from '@scrutable/core';
import { type BootstrapInterval, bootstrap, groupBy } from './bootstrap.js';
import { countsForVerdicts } from './capability.js';
import { CONTROL_FAMILY, familyCoverage, indexOver, type SubstrateRoles } from './cells.js';
import { type ContrastOptions, READING_COST_FAMILY } from './contrasts.js';

/** The structure a substrate stands for in claim 1b: the dense family pooled, the others by id. */
export function structureOf(substrate: string, roles: SubstrateRoles): string | undefined {
  const role = roles[substrate];
  if (!role || role.family === CONTROL_FAMILY || role.family === 'symbolic' || role.ladderOf)
    return undefined;
  return role.family === 'dense' ? 'dense' : substrate;
}

/** One capable cell's index, for the slope over levels. */
interface LevelPoint {
  readonly structure: string;
  readonly task: string;
  readonly level: number;
  readonly index: number;
  readonly cell: MatchedCell;
}

/** Slope of y on x with a separate intercept per group (the within-group least-squares slope). */
export function withinGroupSlope(points: ReadonlyArray<{ group: string; x: number; y: number }>): number {
  let sxy = 0;
  let sxx = 0;
  for (const group of groupBy(points, (p) => p.group).values()) {
    const mx = group.reduce((s, p) => s + p.x, 0) / group.length;
    const my = group.reduce((s, p) => s + p.y, 0) / group.length;
    for (const p of group) {
      sxy += (p.x - mx) * (p.y - my);
      sxx += (p.x - mx) ** 2;
    }
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/** The complexity effect of claim 1b, with its pieces for evidence. */
export interface ComplexityDrop {
  /** Drop of the index from the lowest to the highest level, pooled over structures, CI over tasks. */
  readonly b: BootstrapInterval;
  /** From the lowest to the highest level the points span. */
  readonly span: number;
  /** The same drop within each structure alone (NaN where no task has two capable levels). */
  readonly perStructure: ReadonlyMap<string, number>;
  readonly tasks: string[];
  readonly cells: MatchedCell[];
}

/**
 * Within each structure, on the task levels where it is capable (and the level not trivial), the
 * within-(structure, task) least-squares slope of the index on level, turned into the drop from the
 * lowest to the highest level; pooled over structures, with a CI over tasks. Each task's index is
 * taken over one family set for all its levels (the families every capable cell of that structure and
 * task scored), the reading-cost family left out, so a level does not move the
 * index by changing the ruler.
 */
export function complexityDrop(cells: readonly CellResult[], options: ContrastOptions): ComplexityDrop {
  const weights = options.weights ?? {};
  const capable = cells.filter(
    (c) =>
      c.status === 'ok' &&
      structureOf(c.substrate, options.roles) !== undefined &&
      countsForVerdicts(c, options.capabilities),
  );
  const points: LevelPoint[] = [];
  for (const group of groupBy(
    capable,
    (c) => `${structureOf(c.substrate, options.roles)}|${c.task}`,
  ).values()) {
    if (new Set(group.map((c) => c.level)).size < 2) continue;
    const shared = familyCoverage(group, weights).used;
    for (const c of group) {
      const families = shared.filter((f) => f !== READING_COST_FAMILY);
      const index = families.length ? indexOver(c, families, weights) : null;
      if (index === null) continue;
      points.push({
        structure: structureOf(c.substrate, options.roles)!,
        task: c.task,
        level: c.level,
        index,
        cell: {
          task: c.task,
          level: c.level,
          seed: c.seed,
          sides: [{ substrate: c.substrate, accuracy: c.capability!.test, index }],
        },
      });
    }
  }
  const levels = points.map((p) => p.level);
  const span = levels.length ? Math.max(...levels) - Math.min(...levels) : 0;
  const drop = (s: readonly LevelPoint[]) =>
    -span * withinGroupSlope(s.map((p) => ({ group: `${p.structure}|${p.task}`, x: p.level, y: p.index })));
  const b = bootstrap(points, drop, {
    seed: options.seed,
    resamples: options.resamples,
    level: options.level,
    clusters: [(p) => p.task],
    relabel: (p, draw) => ({ ...p, task: `${p.task}#${draw}` }),
  });
  const perStructure = new Map([...groupBy(points, (p) => p.structure)].map(([s, own]) => [s, drop(own)]));
  return {
    b,
    span,
    perStructure,
    tasks: [...new Set(points.map((p) => p.task))],
    cells: points.map((p) => p.cell),
  };
}
