import type { Progress } from '@scrutable/core';

/** The eight analysis families. */
export type Family =
  | 'decode'
  | 'localize'
  | 'ablate'
  | 'mechanism'
  | 'steer'
  | 'edit'
  | 'observe'
  | 'describe';

/** Every family, in report order. */
export const FAMILIES: readonly Family[] = [
  'decode',
  'localize',
  'ablate',
  'mechanism',
  'steer',
  'edit',
  'observe',
  'describe',
];

/** Weighted mean of the non-null family scores (weights default to 1); null when none is available. */
export function interpretabilityIndex(
  families: Partial<Record<Family, number | null>>,
  weights: Partial<Record<Family, number>> = {},
): number | null {
  let sum = 0;
  let total = 0;
  for (const family of FAMILIES) {
    const score = families[family];
    const w = weights[family] ?? 1;
    if (score === null || score === undefined || !Number.isFinite(score) || !(w > 0)) continue;
    sum += w * score;
    total += w;
  }
  return total > 0 ? sum / total : null;
}

/** The metric ids each family yields (docs/metrics.md defines each). */
export const FAMILY_METRICS: Readonly<Record<Family, readonly string[]>> = {
  decode: ['decode.selectivity'],
  localize: ['localize.k1', 'localize.k4', 'localize.detectors'],
  ablate: ['ablate.cause', 'ablate.isolate'],
  mechanism: ['mechanism.iia', 'mechanism.fourier'],
  steer: ['steer.success', 'steer.preserve'],
  edit: ['edit.efficacy', 'edit.generalization', 'edit.specificity', 'edit.score'],
  observe: ['observe.stability', 'observe.cost'],
  describe: ['describe.fidelity'],
};

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
  onProgress?: (p: Progress) => void;
}

/** Reading and analysis effort of one cell. */
export interface AnalysisCost {
  analysisMs: number;
  observeMs: number;
  forwardPasses: number;
  simulatedMs: number;
  synapticEvents: number;
}

/** Every score of one (substrate, task) cell, the reasons for the missing ones, and the raw figures. */
export interface CellAnalysis {
  /** Every metric id -> score in [0, 1] or null. */
  metrics: Record<string, number | null>;
  /** Metric id -> reason, for each null. */
  unavailable: Record<string, string>;
  /** Family score = mean of its non-null metrics (edit: edit.score only). */
  families: Record<Family, number | null>;
  /** Weighted mean of the non-null family scores. */
  index: number | null;
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
