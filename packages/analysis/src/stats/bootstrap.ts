import { check, Rng } from '@scrutable/core';

/** How to bootstrap: a seed, how many resamples, the confidence level and the clustering. */
export interface BootstrapOptions<T> {
  /** Seed of the resampling; the same seed gives the same interval. */
  readonly seed: number;
  /** Number of bootstrap resamples (default 2000). */
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

/** A point estimate with its percentile bootstrap interval. */
export interface BootstrapInterval {
  /** The statistic on the original sample. */
  readonly estimate: number;
  /** Percentile interval; [NaN, NaN] when no resample gave a finite statistic. */
  readonly ci: [number, number];
  /** Resamples whose statistic was finite (the others are dropped, e.g. an empty comparison). */
  readonly resamples: number;
}

/** Percentile bootstrap interval of `statistic` over `items`, clustered as `options.clusters` says. */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions<T>,
): BootstrapInterval {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  check(Number.isInteger(resamples) && resamples >= 1, `bootstrap: resamples must be >= 1, got ${resamples}`);
  check(level > 0 && level < 1, `bootstrap: level must be in (0, 1), got ${level}`);
  const estimate = statistic(items);
  if (items.length === 0) return { estimate, ci: [Number.NaN, Number.NaN], resamples: 0 };
  const rng = new Rng(options.seed);
  const keys = options.clusters ?? [];
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const value = statistic(resample(items, keys, rng, options));
    if (Number.isFinite(value)) values.push(value);
  }
  const alpha = (1 - level) / 2;
  return { estimate, ci: [quantile(values, alpha), quantile(values, 1 - alpha)], resamples: values.length };
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
