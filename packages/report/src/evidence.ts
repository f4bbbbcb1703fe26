import type { CellResult } from '@scrutable/core';
import { PUBLISHED } from './evidence-published.js';
import { formatNumber } from './format.js';
import { grokkingRows } from './grokking.js';
import type { Table } from './sections.js';
import { distinct, mean, okCells, type ReportResults } from './tables.js';

/** The sentence above the essay's evidence. */
export const EVIDENCE_LEAD =
  'The essay rests on four published successes of interpretability on dense networks. Each is measured here again, on every substrate whose structure allows it, with the published figure beside ours (mean over seeds; the raw figures are in results.json, in each cell’s raw figures under the keys evidence.*, and for editing in the edit family’s metrics). The published systems are far larger than ours: the comparison is of what a reader can find, not of scale.';

/** A cell's raw figure under `key` when it is an object (a string there says why it was not measured). */
function figure<T>(cell: CellResult, key: string): T | undefined {
  const value = cell.raw?.[key];
  return value && typeof value === 'object' ? (value as T) : undefined;
}

interface Group {
  readonly substrate: string;
  readonly task: string;
  readonly level: number;
  readonly cells: readonly CellResult[];
}

/** Successful cells of one task, grouped by substrate and level, keeping groups where `has` holds for some cell. */
function groups(results: ReportResults, task: string, has: (c: CellResult) => boolean): Group[] {
  const cells = okCells(results).filter((c) => c.task === task && has(c));
  return distinct(cells.map((c) => c.substrate)).flatMap((substrate) =>
    distinct(cells.filter((c) => c.substrate === substrate).map((c) => c.level)).map((level) => ({
      substrate,
      task,
      level,
      cells: cells.filter((c) => c.substrate === substrate && c.level === level),
    })),
  );
}

const f = (v: number | null | undefined) => formatNumber(v);
/** Published figures keep the three digits they were published with (84.6%, 96.4%). */
const pub = (v: number) => formatNumber(v, 3);

interface FourierFigure {
  oneFrequencyShare: number;
  varyingUnits: number;
  frequencies: Record<string, number>;
}
interface CheeseFigure {
  medianBefore: number;
  medianAfter: number;
  decisionSquares: number;
}
interface DissectionFigure {
  uniqueDetectors: number;
  rotatedUniqueDetectors: number;
  drop: number | null;
}

/**
 * Published figure beside ours, one row per (success, substrate, level): one-frequency units on
 * modadd, the epochs of memorisation and generalisation of each run that recorded its curve, P(step toward cheese) before → after in the maze (held-out situations and, apart, those trained on), ROME's three scores on facts, and the
 * drop in concept detectors under a rotated basis on shapes. Null when no cell measured any.
 */
export function evidenceTable(results: ReportResults): Table | null {
  const rows: string[][] = [];
  const runs = (g: Group) => String(g.cells.length);
  const fourier = (c: CellResult) => figure<FourierFigure>(c, 'evidence.fourier');
  for (const g of groups(results, 'modadd', (c) => fourier(c) !== undefined)) {
    const figures = g.cells.map(fourier);
    const used = distinct(figures.flatMap((x) => Object.keys(x?.frequencies ?? {})).map(Number));
    rows.push([
      'grokked modular addition: share of hidden units with more than 85% of their variance at one frequency',
      `${PUBLISHED.fourier.source}: ${pub(PUBLISHED.fourier.value)}`,
      g.substrate,
      String(g.level),
      `${f(mean(figures.map((x) => x?.oneFrequencyShare)))} (frequencies ${used.join(', ') || 'none'})`,
      runs(g),
    ]);
  }
  rows.push(...grokkingRows(results));
  for (const [key, where] of [
    ['evidence.cheese', 'held-out situations'],
    ['evidence.cheese.trained', 'situations trained on'],
  ] as const) {
    const cheese = (c: CellResult) => figure<CheeseFigure>(c, key);
    for (const g of groups(results, 'gridworld', (c) => cheese(c) !== undefined)) {
      const figures = g.cells.map(cheese);
      rows.push([
        `cheese vector: median P(step toward cheese) at decision squares, before → after (${where})`,
        `${PUBLISHED.cheese.source}: ${pub(PUBLISHED.cheese.before)} → ${pub(PUBLISHED.cheese.after)}`,
        g.substrate,
        String(g.level),
        `${f(mean(figures.map((x) => x?.medianBefore)))} → ${f(mean(figures.map((x) => x?.medianAfter)))}`,
        runs(g),
      ]);
    }
  }
  const edited = (c: CellResult) => typeof c.metrics?.['edit.efficacy'] === 'number';
  for (const g of groups(results, 'facts', edited)) {
    const metric = (id: string) => f(mean(g.cells.map((c) => c.metrics?.[id])));
    const e = PUBLISHED.edit;
    rows.push([
      'rank-one fact edit: efficacy / generalisation / specificity',
      `${e.source}: ${pub(e.efficacy)} / ${pub(e.generalization)} / ${pub(e.specificity)}`,
      g.substrate,
      String(g.level),
      `${metric('edit.efficacy')} / ${metric('edit.generalization')} / ${metric('edit.specificity')}`,
      runs(g),
    ]);
  }
  const dissection = (c: CellResult) => figure<DissectionFigure>(c, 'evidence.dissection');
  for (const g of groups(results, 'shapes', (c) => dissection(c) !== undefined)) {
    const figures = g.cells.map(dissection);
    rows.push([
      'concept detectors: drop under a random rotation of the basis (unique detectors, own → rotated)',
      `${PUBLISHED.dissection.source}: about ${pub(PUBLISHED.dissection.drop)}`,
      g.substrate,
      String(g.level),
      `${f(mean(figures.map((x) => x?.drop)))} (${f(mean(figures.map((x) => x?.uniqueDetectors)))} → ${f(mean(figures.map((x) => x?.rotatedUniqueDetectors)))})`,
      runs(g),
    ]);
  }
  if (!rows.length) return null;
  return { header: ['success', 'published', 'substrate', 'level', 'ours', 'runs'], rows };
}

/** One point per hidden unit of the first run of each (substrate, level) on modadd. */
export function frequencyUnitPoints(
  results: ReportResults,
): Array<{ substrate: string; level: number; rank: number; frequency: number; share: number }> {
  type Units = { units: Array<{ frequency: number; share: number }> };
  const units = (c: CellResult) => figure<Units>(c, 'evidence.fourier');
  return groups(results, 'modadd', (c) => units(c) !== undefined).flatMap((g) => {
    const first = [...g.cells].sort((a, b) => a.seed - b.seed)[0]!;
    // Units in order of frequency, then share, so the bands of one frequency stand side by side.
    const sorted = [...(units(first)?.units ?? [])].sort(
      (a, b) => a.frequency - b.frequency || b.share - a.share,
    );
    return sorted.map((u, rank) => ({
      substrate: g.substrate,
      level: g.level,
      rank,
      frequency: u.frequency,
      share: u.share,
    }));
  });
}
