import type { CellResult, ReadingCostRow } from '@scrutable/core';
import { bootstrap, groupBy, quantile } from './bootstrap.js';
import { nullIfNotFinite, SCORE_FAMILIES, type SubstrateRoles } from './cells.js';

/** The asynchronous substrate whose reading cost is measured, and the synchronous one it is converted from. */
export const READING_COST_SUBSTRATE = 'spiking-converted';
export const ONE_PASS_SUBSTRATE = 'dense';

/** The budget per example to reach 90% of a family's asymptote, as the reading-cost axis records it. */
export interface ReadingBudget {
  readonly forwardPasses?: number;
  readonly simulatedMs?: number;
  readonly synapticEvents?: number;
}

/**
 * A cell's reading budget for one family, from its reading-cost axis (`readingCost`: one entry per
 * family, with the `budget` per example that reaches 90% of the asymptote, null when the asymptote is
 * below the decodable floor); undefined when the cell records none.
 */
export function readingBudget(cell: CellResult, family: string): ReadingBudget | undefined {
  const entries = (cell as { readingCost?: unknown }).readingCost;
  if (!Array.isArray(entries)) return undefined;
  const entry = entries.find(
    (e): e is { family: string; budget?: ReadingBudget | null } => e?.family === family,
  );
  return entry?.budget ?? undefined;
}

/** Median of the finite values; NaN when there are none. */
const median = (values: readonly number[]) => quantile(values.filter(Number.isFinite), 0.5);

/** One task's figures for one family: medians over its cells. */
interface TaskCost {
  readonly task: string;
  readonly simulatedMs: number;
  readonly synapticEvents: number;
  readonly ratio: number;
}

/**
 * The cost of asynchrony: per family, the median over tasks of what `spiking-converted` needs to read
 * it to 90% of its asymptote (simulated ms, synaptic events, and those events over the synaptic
 * operations one `dense` pass makes on the same cell, where both cells report events), each with a CI
 * over tasks. Families no cell records are left out.
 */
export function readingCost(
  cells: readonly CellResult[],
  roles: SubstrateRoles,
  options: { seed: number; resamples?: number; level?: number },
): ReadingCostRow[] {
  if (!roles[READING_COST_SUBSTRATE]) return [];
  const ok = cells.filter((c) => c.status === 'ok');
  const onePass = new Map(
    ok.filter((c) => c.substrate === ONE_PASS_SUBSTRATE).map((c) => [`${c.task}/${c.level}/${c.seed}`, c]),
  );
  const rows: ReadingCostRow[] = [];
  for (const family of SCORE_FAMILIES) {
    const perCell = ok
      .filter((c) => c.substrate === READING_COST_SUBSTRATE)
      .flatMap((c) => {
        const budget = readingBudget(c, family);
        if (!budget) return [];
        const dense = onePass.get(`${c.task}/${c.level}/${c.seed}`);
        const pass = dense ? readingBudget(dense, family)?.synapticEvents : undefined;
        const events = budget.synapticEvents ?? Number.NaN;
        return [
          {
            task: c.task,
            simulatedMs: budget.simulatedMs ?? Number.NaN,
            synapticEvents: events,
            // No events on either side means none were counted (a reading that reaches a decodable
            // asymptote makes some), so there is no ratio rather than a ratio of 0.
            ratio: pass && pass > 0 && events > 0 ? events / pass : Number.NaN,
          },
        ];
      });
    if (!perCell.length) continue;
    const tasks: TaskCost[] = [...groupBy(perCell, (c) => c.task)].map(([task, own]) => ({
      task,
      simulatedMs: median(own.map((c) => c.simulatedMs)),
      synapticEvents: median(own.map((c) => c.synapticEvents)),
      ratio: median(own.map((c) => c.ratio)),
    }));
    const figure = (pick: (t: TaskCost) => number) => {
      const finite = tasks.filter((t) => Number.isFinite(pick(t)));
      const b = bootstrap(finite, (s) => median(s.map(pick)), { ...options, clusters: [(t) => t.task] });
      return { value: finite.length ? b.estimate : null, ci: nullIfNotFinite(b.ci) };
    };
    const ms = figure((t) => t.simulatedMs);
    const events = figure((t) => t.synapticEvents);
    const ratio = figure((t) => t.ratio);
    rows.push({
      family,
      substrate: READING_COST_SUBSTRATE,
      simulatedMs: ms.value,
      simulatedMsCi: ms.ci,
      synapticEvents: events.value,
      synapticEventsCi: events.ci,
      ratioToOnePass: ratio.value,
      ratioToOnePassCi: ratio.ci,
      tasks: tasks.map((t) => t.task),
    });
  }
  return rows;
}
