import type { CellResult } from '@scrutable/core';
import { familyOf, familyScore } from './tables.js';

/** The reason shown when a run left a value null without saying why (a breach of the results contract). */
export const NO_REASON = 'no reason was recorded';

/** Why a table cell shows no value, or a mean over fewer runs than it covers. */
export interface CellGap {
  /** 1-based numbers of the notes under the table that explain it. */
  readonly notes: readonly number[];
  /** One line for a tooltip: how many runs lack the value and why. */
  readonly summary: string;
}

/** A metric value the report can show: a finite number. */
export function isValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Distinct strings in first-seen order. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Why a successful run has no score for a family (its null metrics' reasons), or null when it has one. */
export function whyNoFamilyScore(run: CellResult, family: string): string | null {
  if (familyScore(run, family) !== null) return null;
  const metrics = Object.entries(run.metrics ?? {}).filter(([metric]) => familyOf(metric) === family);
  if (!metrics.length) return `no ${family} metric was recorded`;
  const reasons = unique(
    metrics.flatMap(([metric, value]) => (isValue(value) ? [] : [run.unavailable?.[metric] ?? NO_REASON])),
  );
  return reasons.length ? reasons.join('; ') : NO_REASON;
}

/** The reasons of the runs that lack a family score, with how many runs each covers. */
function reasonCounts(runs: readonly CellResult[], family: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const reason = whyNoFamilyScore(run, family);
    if (reason !== null) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

function runCount(n: number): string {
  return n === 1 ? '1 run' : `${n} runs`;
}

/** `8 runs`, and how many of them a mean in the table leaves out. */
function runsLeftOut(runs: number, leftOut: number): string {
  if (!leftOut) return runCount(runs);
  if (leftOut === runs) return `${runCount(runs)}, left out of the ${runs === 1 ? 'mean' : 'means'} shown`;
  return `${runCount(runs)}; ${leftOut} of them left out of the means shown`;
}

/** `reason` alone when it covers every listed run, else each reason with its run count. */
function reasonList(counts: ReadonlyMap<string, number>): string {
  const entries = [...counts];
  if (entries.length === 1) return entries[0]![0];
  return entries.map(([reason, n]) => `${reason} (${runCount(n)})`).join('; ');
}

interface Note {
  readonly subject: string;
  readonly reason: string;
  readonly substrates: Set<string>;
  runs: number;
  /** Runs left out of a mean the table still shows. */
  leftOut: number;
}

/**
 * The "why missing" notes of one table: each distinct (subject, reason) gets one numbered note, worded
 * once under the table, and every cell it explains points to it.
 */
export class GapNotes {
  readonly #notes = new Map<string, Note>();

  /**
   * The gap of one table cell: `runs` are the successful runs the cell stands for, `shown` whether the
   * cell shows a value. Undefined when the cell shows a value and every run has one.
   */
  cell(
    substrate: string,
    family: string,
    runs: readonly CellResult[],
    shown: boolean,
    subject = '',
  ): CellGap | undefined {
    const counts = reasonCounts(runs, family);
    const without = [...counts.values()].reduce((a, b) => a + b, 0);
    if (shown && !without) return undefined;
    if (!runs.length) counts.set('no successful run', 0);
    else if (!without) counts.set(NO_REASON, 0);
    const notes = [...counts]
      .map(([reason, n]) => this.#note(substrate, subject, reason, n, shown))
      .sort((a, b) => a - b);
    return { notes, summary: this.#summary(family, runs.length, without, shown, counts) };
  }

  /** The gap of a cell that one stated reason explains, not a null metric (e.g. an interval not drawn). */
  stated(substrate: string, subject: string, reason: string): CellGap {
    return { notes: [this.#note(substrate, subject, reason, 0, false)], summary: reason };
  }

  /** The notes in number order, one line each (plain text; each renderer escapes it). */
  lines(): string[] {
    return [...this.#notes.values()].map((note) => {
      const who = [...note.substrates].join(', ') + (note.subject ? ` · ${note.subject}` : '');
      return `${who}: ${note.reason}${note.runs ? ` (${runsLeftOut(note.runs, note.leftOut)})` : ''}`;
    });
  }

  #note(substrate: string, subject: string, reason: string, runs: number, shown: boolean): number {
    const key = `${subject}\u0000${reason}`;
    let note = this.#notes.get(key);
    if (!note) {
      note = { subject, reason, substrates: new Set(), runs: 0, leftOut: 0 };
      this.#notes.set(key, note);
    }
    note.substrates.add(substrate);
    note.runs += runs;
    if (shown) note.leftOut += runs;
    return [...this.#notes.keys()].indexOf(key) + 1;
  }

  #summary(
    family: string,
    runs: number,
    without: number,
    shown: boolean,
    counts: ReadonlyMap<string, number>,
  ): string {
    const why = reasonList(counts);
    const have = without === 1 ? '1 run has' : `${without} runs have`;
    if (shown) return `mean of ${runs - without} of ${runs} runs; ${have} no ${family} score: ${why}`;
    if (!without) return `no ${family} score: ${why}`;
    const scope =
      runs === 1
        ? 'its only run'
        : without === runs
          ? `any of its ${runs} runs`
          : `${without} of ${runs} runs`;
    return `no ${family} score in ${scope}: ${why}`;
  }
}

/** One reason a metric is null, with the metrics and runs it covers. */
export interface NullMetricReason {
  readonly reason: string;
  readonly metrics: readonly string[];
  /** Runs per substrate, sorted by substrate. */
  readonly runsBySubstrate: ReadonlyArray<readonly [string, number]>;
  readonly runs: number;
}

/** Every reason a metric of a successful run is null, sorted by the metrics it covers, then by reason. */
export function nullMetricReasons(runs: readonly CellResult[]): NullMetricReason[] {
  const byReason = new Map<string, { metrics: Set<string>; runs: Map<string, Set<string>> }>();
  for (const run of runs) {
    if (run.status !== 'ok') continue;
    for (const [metric, value] of Object.entries(run.metrics ?? {})) {
      if (isValue(value)) continue;
      const reason = run.unavailable?.[metric] ?? NO_REASON;
      const entry = byReason.get(reason) ?? { metrics: new Set(), runs: new Map() };
      byReason.set(reason, entry);
      entry.metrics.add(metric);
      const ids = entry.runs.get(run.substrate) ?? new Set();
      entry.runs.set(run.substrate, ids);
      ids.add(run.id);
    }
  }
  return [...byReason]
    .map(([reason, entry]) => {
      const runsBySubstrate = [...entry.runs]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([substrate, ids]) => [substrate, ids.size] as const);
      return {
        reason,
        metrics: [...entry.metrics].sort(),
        runsBySubstrate,
        runs: runsBySubstrate.reduce((sum, [, n]) => sum + n, 0),
      };
    })
    .sort(
      (a, b) => a.metrics.join(',').localeCompare(b.metrics.join(',')) || a.reason.localeCompare(b.reason),
    );
}
