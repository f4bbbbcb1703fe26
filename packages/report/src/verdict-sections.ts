import type { ClaimVerdict } from '@scrutable/core';
import { formatCi, formatNumber } from './format.js';
import type { Table } from './sections.js';
import type { ReportResults } from './tables.js';

/** Per substrate and task level: mean test accuracy against the capability floor. */
export function capabilityTable(results: ReportResults): Table | null {
  const rows = results.summary.capability ?? [];
  if (!rows.length) return null;
  const sorted = [...rows].sort(
    (a, b) => a.substrate.localeCompare(b.substrate) || a.task.localeCompare(b.task) || a.level - b.level,
  );
  return {
    header: ['substrate', 'task level', 'test accuracy (mean over seeds)', 'floor', 'capable', 'seeds'],
    rows: sorted.map((r) => [
      r.substrate,
      `${r.task} L${r.level}`,
      formatNumber(r.accuracy),
      formatNumber(r.floor),
      r.trivial ? 'trivial level (left out)' : r.capable ? 'yes' : 'no',
      String(r.seeds),
    ]),
  };
}

/** The sentence above the capability table. */
export const CAPABILITY_LEAD =
  'A substrate is capable on a task level when its test accuracy, mean over seeds, reaches max(chance + 0.8·(1 − chance), linear + 0.5·(1 − linear)), where linear is a ridge readout of the raw inputs. A level the linear readout alone solves is trivial and left out of every verdict. Compared runs differ in test accuracy by at most 0.03; a substrate weaker than the dense net is compared with a weaker rung of the dense ladder, never a stronger net.';

/** The cost of asynchrony, per family. */
export function costOfAsynchronyTable(results: ReportResults): Table | null {
  const rows = results.summary.readingCost ?? [];
  if (!rows.length) return null;
  return {
    header: [
      'family',
      'substrate',
      'simulated ms to 90% of asymptote',
      '95% CI',
      'synaptic events',
      '95% CI',
      'events over one dense pass',
      '95% CI',
      'tasks',
    ],
    rows: rows.map((r) => [
      r.family,
      r.substrate,
      formatNumber(r.simulatedMs, 1),
      formatCi(r.simulatedMsCi, 1),
      formatNumber(r.synapticEvents, 0),
      formatCi(r.synapticEventsCi, 0),
      formatNumber(r.ratioToOnePass, 1),
      formatCi(r.ratioToOnePassCi, 1),
      String(r.tasks.length),
    ]),
  };
}

/** The matched cells a claim rests on: each (task, level, seed) with the runs compared there. */
export function matchedCellsTable(claim: ClaimVerdict): Table | null {
  const cells = claim.matchedCells ?? [];
  if (!cells.length) return null;
  return {
    header: ['task', 'level', 'seed', 'runs compared (test accuracy, index)'],
    rows: cells.map((m) => [
      m.task,
      String(m.level),
      String(m.seed),
      m.sides
        .map(
          (s) =>
            `${s.substrate} (${formatNumber(s.accuracy)}, ${s.index === null ? 'accuracy only' : formatNumber(s.index)})`,
        )
        .join(' vs '),
    ]),
  };
}
