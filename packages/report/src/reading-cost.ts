import { formatNumber } from './format.js';
import type { Table } from './sections.js';
import type { ReportResults } from './tables.js';
import { distinct, okCells } from './tables.js';

/** The median of finite values (null when none). */
function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the report says about the reading-cost axis. */
export const READING_COST_LEAD =
  "Beside the index, not in it: the work per example (forward passes, simulated ms, synaptic events) a reading needs to reach 90% of the family's asymptotic score, median over the cells that reach a decodable asymptote (below the floor there is no budget).";

/**
 * The reading-cost axis per substrate and family read: the median budget per example over the cells
 * with a budget, how many cells had one, and the mean asymptote.
 */
export function readingCostTable(results: ReportResults): Table | null {
  const entries = okCells(results).flatMap((c) =>
    (c.readingCost ?? []).map((r) => ({ substrate: c.substrate, ...r })),
  );
  if (!entries.length) return null;
  const rows: string[][] = [];
  for (const substrate of distinct(entries.map((e) => e.substrate)))
    for (const family of distinct(entries.filter((e) => e.substrate === substrate).map((e) => e.family))) {
      const own = entries.filter((e) => e.substrate === substrate && e.family === family);
      const budgets = own.flatMap((e) => (e.budget ? [e.budget] : []));
      const asymptote = own.reduce((s, e) => s + e.asymptote, 0) / own.length;
      rows.push([
        substrate,
        family,
        formatNumber(median(budgets.map((b) => b.forwardPasses))),
        formatNumber(median(budgets.map((b) => b.simulatedMs))),
        formatNumber(median(budgets.map((b) => b.synapticEvents))),
        `${budgets.length} of ${own.length}`,
        formatNumber(asymptote),
      ]);
    }
  return {
    header: [
      'substrate',
      'family',
      'forward passes / example',
      'simulated ms / example',
      'synaptic events / example',
      'cells with a budget',
      'mean asymptote',
    ],
    rows,
  };
}
