import type { CellResult } from '@scrutable/core';
import type { ChartSpec } from './charts.js';
import { PUBLISHED } from './evidence-published.js';
import { formatNumber } from './format.js';
import { okCells, type ReportResults } from './tables.js';

/** The sentence above the grokking chart. */
export const GROKKING_LEAD =
  'A run that records its accuracy while it trains (the dense substrate with recordEvery, on modular addition, holding pairs out of training) is drawn here: Power et al. (2022) and Nanda et al. (2023) saw the training pairs memorised first and the held-out pairs answered only long after, under weight decay.';
export const GROKKING_MISSING =
  'No run recorded its accuracy while training on modular addition (see docs/evidence.md, "The grokking run").';

/** Train accuracy at which the training pairs count as memorised, and held-out accuracy at which the run counts as generalised. */
export const MEMORISED = 0.99;
export const GENERALISED = 0.9;

/** A fit's accuracy curve (`raw.fit.curve`, written by a substrate asked to record one), with held-out readings. */
interface Curve {
  readonly epochs: readonly number[];
  readonly train: readonly number[];
  readonly heldOut: readonly number[];
}

/** The cell's recorded curve on modular addition, when it has one with held-out readings. */
function curveOf(cell: CellResult): Curve | undefined {
  if (cell.task !== 'modadd') return undefined;
  const text = (cell.raw?.fit as Record<string, unknown> | undefined)?.curve;
  if (typeof text !== 'string') return undefined;
  const curve = JSON.parse(text) as Curve;
  return curve.heldOut.length === curve.epochs.length && curve.epochs.length > 0 ? curve : undefined;
}

/** Cells with a grokking curve, in (substrate, level, seed) order. */
function curveCells(results: ReportResults): Array<{ cell: CellResult; curve: Curve }> {
  return okCells(results)
    .flatMap((cell) => {
      const curve = curveOf(cell);
      return curve ? [{ cell, curve }] : [];
    })
    .sort(
      (a, b) =>
        a.cell.substrate.localeCompare(b.cell.substrate) ||
        a.cell.level - b.cell.level ||
        a.cell.seed - b.cell.seed,
    );
}

/** The first epoch read at which `values` reach `bar`, or null. */
function firstReaching(curve: Curve, values: readonly number[], bar: number): number | null {
  const i = values.findIndex((v) => v >= bar);
  return i < 0 ? null : curve.epochs[i]!;
}

/**
 * One evidence row per run with a curve: the epoch its training pairs were memorised and the epoch its
 * held-out pairs were first answered (or the held-out accuracy at the last epoch read), beside
 * Nanda et al.'s phases.
 */
export function grokkingRows(results: ReportResults): string[][] {
  const g = PUBLISHED.grokking;
  return curveCells(results).map(({ cell, curve }) => {
    const memorised = firstReaching(curve, curve.train, MEMORISED);
    const generalised = firstReaching(curve, curve.heldOut, GENERALISED);
    const last = curve.epochs.length - 1;
    return [
      `grokking: epoch train accuracy reaches ${MEMORISED} → epoch held-out accuracy reaches ${GENERALISED}`,
      `${g.source}: ${g.memorisedBy} → ${g.generalisedBy}`,
      cell.substrate,
      String(cell.level),
      `${memorised ?? 'never'} → ${
        generalised ?? `not by epoch ${curve.epochs[last]} (held-out ${formatNumber(curve.heldOut[last])})`
      } (seed ${cell.seed})`,
      '1',
    ];
  });
}

/** Train and held-out accuracy by epoch, one panel per run with a curve; null when none has one. */
export function grokkingSpec(results: ReportResults): ChartSpec | null {
  const values = curveCells(results).flatMap(({ cell, curve }) => {
    const run = `${cell.substrate}, level ${cell.level}, seed ${cell.seed}`;
    return curve.epochs.flatMap((epoch, i) => [
      { run, epoch, split: 'pairs trained on', accuracy: curve.train[i] },
      { run, epoch, split: 'held-out pairs', accuracy: curve.heldOut[i] },
    ]);
  });
  if (!values.length) return null;
  return {
    data: { values },
    facet: { row: { field: 'run', type: 'nominal', title: null } },
    spec: {
      width: 560,
      height: 140,
      mark: 'line',
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
        y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } },
        color: { field: 'split', type: 'nominal', title: null },
      },
    },
  };
}
