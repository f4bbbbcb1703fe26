import { check, Rng } from '@scrutable/core';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Draws each tail of an expanded interval should hold, and the most resamples spent to get them. */
const TAIL_DRAWS = 20;
const MAX_RESAMPLES = 50_000;

/** How to bootstrap: a seed, how many resamples, the confidence level and the clustering. */
export interface BootstrapOptions<T> {
  /** Seed of the resampling; the same seed gives the same interval. */
  readonly seed: number;
  /** Fewest bootstrap resamples (default 2000); more are drawn when the expanded tails need them. */
  readonly resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  readonly level?: number;
  /**
   * Cluster keys, outermost first (e.g. task, then seed). Each stage resamples the clusters found
   * inside the clusters drawn at the stage above, with replacement; the items of the innermost
   * clusters are then resampled too. No keys: the ordinary bootstrap over items.
   */
  readonly clusters?: ReadonlyArray<(item: T) => string>;
  /**
   * Whether the items of each innermost cluster are resampled too (default true). False keeps a drawn
   * cluster whole, e.g. every (substrate, level) cell of one seed of one task, so a design stays intact.
   */
  readonly resampleItems?: boolean;
  /**
   * Called on every item of the k-th outermost cluster drawn, so a statistic that treats clusters as
   * factor levels can tell repeated draws of the same cluster apart.
   */
  readonly relabel?: (item: T, draw: number) => T;
}

/** A point estimate with its expanded percentile bootstrap interval. */
export interface BootstrapInterval {
  /** The statistic on the original sample. */
  readonly estimate: number;
  /**
   * Expanded percentile interval; [NaN, NaN] when there are too few units (`tooFewUnits`) or no
   * resample gave a finite statistic.
   */
  readonly ci: [number, number];
  /** Resamples whose statistic was finite (the others are dropped, e.g. an empty comparison). */
  readonly resamples: number;
  /** Independent units resampled at the outermost stage: the outermost clusters, or the items. */
  readonly units: number;
  /** True when `units` is below `minimumUnits(level)`, so no interval was drawn. */
  readonly tooFewUnits: boolean;
}

/**
 * Fewest independent units an interval at `level` needs. Even the widest interval a resampling can
 * give, the range of n units, contains their median only with probability 1 − 2^(1−n) (the chance
 * that n draws fall on both sides of it): 93.75% for 5 units, so a 95% interval needs 6.
 */
export function minimumUnits(level: number): number {
  return Math.max(2, 1 + Math.ceil(Math.log2(1 / (1 - level)) - 1e-12));
}

/**
 * Tail probability per side of the expanded percentile interval over n units (Hesterberg 2015, "What
 * teachers should know about the bootstrap"): a percentile interval is about as narrow as a normal
 * interval that divides by n instead of n − 1, so it under-covers when n is small; expanding it to
 * the width of a t interval on n − 1 degrees of freedom restores the level. Φ⁻¹(tail) =
 * −√(n/(n−1))·t_{n−1}(1 − α/2).
 */
export function expandedTail(level: number, units: number): number {
  if (units < 2) return Number.NaN;
  return normalCdf(-Math.sqrt(units / (units - 1)) * tQuantile(1 - (1 - level) / 2, units - 1), 0, 1);
}

/**
 * Expanded percentile bootstrap interval of `statistic` over `items`, clustered as
 * `options.clusters` says. The outermost clusters (or the items, unclustered) are the independent
 * units that set the expansion and the minimum (`minimumUnits`).
 */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions<T>,
): BootstrapInterval {
  const requested = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  check(Number.isInteger(requested) && requested >= 1, `bootstrap: resamples must be >= 1, got ${requested}`);
  check(level > 0 && level < 1, `bootstrap: level must be in (0, 1), got ${level}`);
  const estimate = statistic(items);
  const keys = options.clusters ?? [];
  const outer = keys[0];
  const units = outer ? groupBy(items, outer).size : items.length;
  const tooFewUnits = units < minimumUnits(level);
  if (items.length === 0 || tooFewUnits)
    return { estimate, ci: [Number.NaN, Number.NaN], resamples: 0, units, tooFewUnits };
  const tail = expandedTail(level, units);
  // Each tail gets about TAIL_DRAWS draws, so its quantile is not a single extreme resample.
  const resamples = Math.max(requested, Math.min(MAX_RESAMPLES, Math.ceil(TAIL_DRAWS / tail)));
  const rng = new Rng(options.seed);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const value = statistic(resample(items, keys, rng, options));
    if (Number.isFinite(value)) values.push(value);
  }
  return {
    estimate,
    ci: [quantile(values, tail), quantile(values, 1 - tail)],
    resamples: values.length,
    units,
    tooFewUnits,
  };
}

/** One hierarchical resample: clusters drawn with replacement stage by stage, then items. */
export function resample<T>(
  items: readonly T[],
  keys: ReadonlyArray<(item: T) => string>,
  rng: Rng,
  options: Pick<BootstrapOptions<T>, 'relabel' | 'resampleItems'> = {},
): T[] {
  const out: T[] = [];
  const { relabel, resampleItems = true } = options;
  const stage = (group: readonly T[], depth: number, draw: number): void => {
    const key = keys[depth];
    if (!key) {
      for (let i = 0; i < group.length; i++) {
        const item = resampleItems ? group[rng.int(group.length)]! : group[i]!;
        out.push(depth > 0 && relabel ? relabel(item, draw) : item);
      }
      return;
    }
    const clusters = [...groupBy(group, key).values()];
    for (let c = 0; c < clusters.length; c++) {
      stage(clusters[rng.int(clusters.length)]!, depth + 1, depth === 0 ? c : draw);
    }
  };
  stage(items, 0, 0);
  return out;
}

/** Items grouped by key, groups in order of first appearance. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The p-quantile of values by linear interpolation between order statistics (Hyndman & Fan type 7). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
