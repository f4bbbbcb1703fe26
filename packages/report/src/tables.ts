import type { CellResult, ResultsFile } from '@scrutable/core';
import type { Showcase } from './showcase.js';

/** Who a substrate of the run is (the top-level `substrateInfo` field of results.json). */
export interface SubstrateDescription {
  family: string;
  synchronous: boolean;
  description: string;
  /** The package it came from. */
  package?: string;
  /** Set on a rung of the dense ladder: the substrate it is a weaker variant of. */
  ladderOf?: string;
  /** A control's role in the sanity checks (`planted`, `untrained`, `scrambled`). */
  control?: 'planted' | 'untrained' | 'scrambled';
  /** The registry id of the substrate it is built from (a scrambled control's trained net). */
  derivedFrom?: string;
  /** What it learns by (the factory's `learning` label). */
  learning?: string;
}

/** One substrate's self-checks, as the bench records them (`selfChecks` in results.json). */
export interface SelfCheckRecord {
  passed: boolean;
  checks: readonly { name: string; passed: boolean; observed?: unknown; expected?: unknown }[];
  error?: string;
}

/** results.json as the report reads it: the contract plus the optional showcase and substrate blocks. */
export type ReportResults = ResultsFile & {
  showcase?: Showcase;
  substrateInfo?: Record<string, SubstrateDescription>;
  /** How the file was produced; `partial` marks a merge of shards that do not cover the suite. */
  run?: { suiteCells?: number; partial?: boolean };
  selfChecks?: Record<string, SelfCheckRecord>;
};

/** Mean of the finite values; null when there are none. */
export function mean(values: ReadonlyArray<number | null | undefined>): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
}

/** The family of a metric id: the part before the first dot (`decode.selectivity` -> `decode`). */
export function familyOf(metric: string): string {
  return metric.split('.')[0] ?? metric;
}

/** Family score of a cell: the analysis' own when recorded, else the mean of that family's metrics. */
export function familyScore(cell: CellResult, family: string): number | null {
  const recorded = (cell as CellResult & { families?: Record<string, number | null> }).families;
  if (recorded && family in recorded) return recorded[family] ?? null;
  return mean(Object.entries(cell.metrics ?? {}).flatMap(([m, v]) => (familyOf(m) === family ? [v] : [])));
}

/** The successful cells. */
export function okCells(results: ResultsFile): CellResult[] {
  return results.cells.filter((c) => c.status === 'ok');
}

/** Sorted distinct values. */
export function distinct<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
}

/** Every family seen in the cells' metrics, sorted. */
export function familiesIn(results: ResultsFile): string[] {
  return distinct(okCells(results).flatMap((c) => Object.keys(c.metrics ?? {}).map(familyOf)));
}

/** Mean family score per (substrate, domain). */
export function familyGrid(
  results: ResultsFile,
  family: string,
): { substrate: string; task: string; score: number }[] {
  const out: { substrate: string; task: string; score: number }[] = [];
  const cells = okCells(results);
  for (const substrate of distinct(cells.map((c) => c.substrate))) {
    for (const task of distinct(cells.map((c) => c.task))) {
      const score = mean(
        cells.filter((c) => c.substrate === substrate && c.task === task).map((c) => familyScore(c, family)),
      );
      if (score !== null) out.push({ substrate, task, score });
    }
  }
  return out;
}

/** Mean index per (substrate, level), over domains and seeds. */
export function indexByLevel(results: ResultsFile): { substrate: string; level: number; index: number }[] {
  const cells = okCells(results);
  const out: { substrate: string; level: number; index: number }[] = [];
  for (const substrate of distinct(cells.map((c) => c.substrate))) {
    for (const level of distinct(cells.map((c) => c.level))) {
      const index = mean(
        cells.filter((c) => c.substrate === substrate && c.level === level).map((c) => c.index),
      );
      if (index !== null) out.push({ substrate, level, index });
    }
  }
  return out;
}

/** Mean test accuracy per (substrate, level), over domains and seeds. */
export function capabilityByLevel(
  results: ResultsFile,
): { substrate: string; level: number; index: number }[] {
  const cells = okCells(results);
  const out: { substrate: string; level: number; index: number }[] = [];
  for (const substrate of distinct(cells.map((c) => c.substrate))) {
    for (const level of distinct(cells.map((c) => c.level))) {
      const accuracy = mean(
        cells.filter((c) => c.substrate === substrate && c.level === level).map((c) => c.capability?.test),
      );
      if (accuracy !== null) out.push({ substrate, level, index: accuracy });
    }
  }
  return out;
}

/** One point per successful cell with both a test capability and an index. */
export function capabilityPoints(
  results: ResultsFile,
): { substrate: string; task: string; level: number; capability: number; index: number }[] {
  return okCells(results).flatMap((c) =>
    c.capability && typeof c.index === 'number' && Number.isFinite(c.capability.test)
      ? [
          {
            substrate: c.substrate,
            task: c.task,
            level: c.level,
            capability: c.capability.test,
            index: c.index,
          },
        ]
      : [],
  );
}

/** Wall time per substrate: cells, total fit ms and total analysis ms. */
export function timingsBySubstrate(
  results: ResultsFile,
): { substrate: string; cells: number; failed: number; fitMs: number; analysisMs: number }[] {
  return distinct(results.cells.map((c) => c.substrate)).map((substrate) => {
    const cells = results.cells.filter((c) => c.substrate === substrate);
    return {
      substrate,
      cells: cells.length,
      failed: cells.filter((c) => c.status === 'failed').length,
      fitMs: cells.reduce((s, c) => s + (c.cost?.fitMs ?? 0), 0),
      analysisMs: cells.reduce((s, c) => s + (c.cost?.analysisMs ?? 0), 0),
    };
  });
}
