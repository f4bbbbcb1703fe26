import type { CellCost as RecordedCost } from '@scrutable/core';

/** The cost a suite records per cell in results.json (milliseconds). */
export interface CellCost {
  substrate: string;
  task: string;
  level: number;
  seed: number;
  cost?: RecordedCost;
}

/** Fit and analysis seconds summed over cells, by substrate and by task level, costliest first. */
export interface CostTable {
  cells: number;
  fitSeconds: number;
  analysisSeconds: number;
  bySubstrate: Array<{ substrate: string; cells: number; fitSeconds: number; analysisSeconds: number }>;
  byTaskLevel: Array<{ taskLevel: string; seconds: number }>;
  /** Analysis seconds per family (and `evidence`), from the cells that record them. */
  byFamily: Array<{ family: string; seconds: number }>;
  costliest: Array<{ cell: string; fitSeconds: number; analysisSeconds: number }>;
}

/** Sums the per-cell costs of a results.json's cells; `top` costliest cells are listed. */
export function costTable(cells: readonly CellCost[], top = 8): CostTable {
  const fit = (c: CellCost) => (c.cost?.fitMs ?? 0) / 1000;
  const analysis = (c: CellCost) => (c.cost?.analysisMs ?? 0) / 1000;
  const substrates = new Map<string, { cells: number; fitSeconds: number; analysisSeconds: number }>();
  const taskLevels = new Map<string, number>();
  const families = new Map<string, number>();
  for (const c of cells) {
    for (const [family, ms] of Object.entries(c.cost?.familyMs ?? {}))
      families.set(family, (families.get(family) ?? 0) + ms / 1000);
    const row = substrates.get(c.substrate) ?? { cells: 0, fitSeconds: 0, analysisSeconds: 0 };
    row.cells++;
    row.fitSeconds += fit(c);
    row.analysisSeconds += analysis(c);
    substrates.set(c.substrate, row);
    const key = `${c.task} L${c.level}`;
    taskLevels.set(key, (taskLevels.get(key) ?? 0) + fit(c) + analysis(c));
  }
  const total = (r: { fitSeconds: number; analysisSeconds: number }) => r.fitSeconds + r.analysisSeconds;
  return {
    cells: cells.length,
    fitSeconds: cells.reduce((s, c) => s + fit(c), 0),
    analysisSeconds: cells.reduce((s, c) => s + analysis(c), 0),
    bySubstrate: [...substrates]
      .map(([substrate, r]) => ({ substrate, ...r }))
      .sort((a, b) => total(b) - total(a)),
    byTaskLevel: [...taskLevels]
      .map(([taskLevel, seconds]) => ({ taskLevel, seconds }))
      .sort((a, b) => b.seconds - a.seconds),
    byFamily: [...families]
      .map(([family, seconds]) => ({ family, seconds }))
      .sort((a, b) => b.seconds - a.seconds),
    costliest: [...cells]
      .sort((a, b) => fit(b) + analysis(b) - fit(a) - analysis(a))
      .slice(0, top)
      .map((c) => ({
        cell: `${c.substrate} ${c.task} L${c.level} seed ${c.seed}`,
        fitSeconds: fit(c),
        analysisSeconds: analysis(c),
      })),
  };
}
