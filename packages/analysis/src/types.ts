import type { Progress, Substrate } from '@scrutable/core';
import type { CellFigures } from './figures.js';

/** An analysis family id (`families/index.ts` lists them). */
export type Family = string;

/** What reading one example costs, per kind of work (zero where it does not apply). */
export interface ReadingBudget {
  forwardPasses: number;
  simulatedMs: number;
  synapticEvents: number;
}

/** The reading-cost axis of one family: the budget per example that reaches 90% of its asymptote. */
export interface ReadingCost {
  /** The family whose score the budget is read for. */
  family: string;
  /** Its score at each reading tried (the last is the asymptote). */
  scores: number[];
  /** The budget per example of each reading tried. */
  budgets: ReadingBudget[];
  asymptote: number;
  /** Null when the asymptote is below the decodable floor (there is nothing to reach). */
  budget: ReadingBudget | null;
  /** Window of the budget (simulated ms), for substrates that run in time. */
  windowMs: number | null;
}

/** How to analyse one cell. */
export interface AnalyzeOptions {
  /** Seed for every random choice (subsamples, splits, control tasks, pairings). */
  seed: number;
  /** Families to run; all when absent. */
  families?: readonly Family[];
  /** Weight of each family in the index (default 1). */
  weights?: Partial<Record<Family, number>>;
  /** Largest number of train and of test examples used (each split subsampled; default 400). */
  maxExamples?: number;
  /**
   * Presentation window (simulated ms) at which every family but observe reads a substrate that runs
   * in time (default READING_WINDOW_MS); substrates that do not run in time ignore it.
   */
  readingWindowMs?: number;
  /**
   * The same architecture untrained (from the same factory and seed, fitted for zero epochs or left at
   * its seeded initialisation): decode reports its gain over it. Provided by the runner.
   */
  untrained?: Substrate;
  /** Also draw the cell's figures from the analyses that scored it (see figures.ts). */
  figures?: boolean;
  onProgress?: (p: Progress) => void;
}

/** Reading and analysis effort of one cell. */
export interface AnalysisCost {
  analysisMs: number;
  observeMs: number;
  forwardPasses: number;
  simulatedMs: number;
  synapticEvents: number;
  /**
   * Milliseconds each family's analysis took in this cell, its reading-cost sweep included, and
   * `evidence` for the essay's evidence. Readings are cached, so the first family to need one pays
   * for it (observe and decode read every site first).
   */
  familyMs?: Record<string, number>;
}

/** Every score of one (substrate, task) cell, the reasons for the missing ones, and the raw figures. */
export interface CellAnalysis {
  /** Every metric id -> score in [0, 1] or null. */
  metrics: Record<string, number | null>;
  /** Metric id -> reason, for each null. */
  unavailable: Record<string, string>;
  /** Family score by each family's rule (see docs/metrics.md); null only where it does not apply. */
  families: Record<Family, number | null>;
  /** Weighted mean of the non-null index-family scores (observe is not one). */
  index: number | null;
  /** Metric id -> why an applicable metric found nothing and scores 0. */
  nothingFound: Record<string, string>;
  /** The figures drawn from the analyses that scored the cell (when requested). */
  figures?: CellFigures;
  /** The reading-cost axis: per family read, the budget per example that reaches 90% of its asymptote. */
  readingCost: ReadingCost[];
  /** Per-metric raw figures (JSON-safe). */
  raw: Record<string, unknown>;
  cost: AnalysisCost;
}

/** What one family reports: scores (or null with a reason) and raw figures. */
export interface FamilyResult {
  metrics: Record<string, number | null>;
  unavailable: Record<string, string>;
  raw: Record<string, unknown>;
}

/** A family result where every listed metric is null for the same reason. */
export function allUnavailable(metricIds: readonly string[], reason: string): FamilyResult {
  const metrics: Record<string, number | null> = {};
  const unavailable: Record<string, string> = {};
  for (const id of metricIds) {
    metrics[id] = null;
    unavailable[id] = reason;
  }
  return { metrics, unavailable, raw: {} };
}

/** Clamps to [0, 1]; NaN stays NaN. */
export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Mean of the finite values; NaN when there are none. */
export function meanOf(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** Median of the values (NaN when empty). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
