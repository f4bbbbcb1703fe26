import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { bootstrap, mean, quantile } from './bootstrap.js';

describe('quantile', () => {
  it('interpolates between order statistics like R type 7', () => {
    // R: quantile(c(1, 2, 3, 4), 0.25) = 1.75
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('bootstrap', () => {
  it('gives the CI of a mean close to the normal-theory ±1.96 σ/√n', () => {
    const rng = new Rng(11);
    const n = 2000;
    const xs = Array.from({ length: n }, () => rng.normal(3, 2));
    const m = mean(xs);
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
    const half = (1.96 * sd) / Math.sqrt(n);
    const { estimate, ci } = bootstrap(xs, mean, { seed: 1, resamples: 2000 });
    expect(estimate).toBe(m);
    // Monte Carlo error of a 2000-resample percentile endpoint is a few % of the half-width
    expect(Math.abs(ci[0] - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(ci[1] - (m + half))).toBeLessThan(0.1 * half);
  });

  it('widens to the between-cluster standard error when items share a cluster', () => {
    // 30 clusters with a large shared effect (sd 1) and small within noise (sd 0.1), 20 items each
    const rng = new Rng(5);
    const items: Array<{ cluster: string; value: number }> = [];
    const clusterMeans: number[] = [];
    for (let c = 0; c < 30; c++) {
      const shared = rng.normal();
      const values = Array.from({ length: 20 }, () => shared + rng.normal(0, 0.1));
      clusterMeans.push(mean(values));
      for (const value of values) items.push({ cluster: `c${c}`, value });
    }
    const statistic = (s: readonly { value: number }[]) => mean(s.map((x) => x.value));
    const cm = mean(clusterMeans);
    const sdClusters = Math.sqrt(clusterMeans.reduce((s, x) => s + (x - cm) ** 2, 0) / 29);
    const analyticHalf = (1.96 * sdClusters) / Math.sqrt(30);
    const clustered = bootstrap(items, statistic, { seed: 2, clusters: [(x) => x.cluster] });
    const naive = bootstrap(items, statistic, { seed: 2 });
    const width = (ci: [number, number]) => (ci[1] - ci[0]) / 2;
    expect(width(clustered.ci) / analyticHalf).toBeGreaterThan(0.8);
    expect(width(clustered.ci) / analyticHalf).toBeLessThan(1.2);
    // the naive bootstrap treats 600 items as independent and is far too narrow
    expect(width(naive.ci)).toBeLessThan(0.5 * analyticHalf);
  });

  it('is reproducible from its seed and drops resamples whose statistic is not finite', () => {
    const xs = [1, 2, 3, 4, 5, 6];
    const a = bootstrap(xs, mean, { seed: 9, resamples: 200 });
    expect(bootstrap(xs, mean, { seed: 9, resamples: 200 })).toEqual(a);
    const onlyBig = (s: readonly number[]) => mean(s.filter((x) => x > 5));
    const r = bootstrap(xs, onlyBig, { seed: 9, resamples: 200 });
    // P(no 6 among 6 draws) = (5/6)^6 ≈ 0.33, so some resamples are dropped but not all
    expect(r.resamples).toBeLessThan(200);
    expect(r.resamples).toBeGreaterThan(100);
    expect(r.ci).toEqual([6, 6]);
  });

  it('relabels repeated draws of an outer cluster so they count as distinct clusters', () => {
    const items = [
      { task: 'a', v: 1 },
      { task: 'b', v: 2 },
    ];
    const distinct = (s: readonly { task: string }[]) => new Set(s.map((x) => x.task)).size;
    const r = bootstrap(items, distinct, {
      seed: 3,
      resamples: 50,
      clusters: [(x) => x.task],
      relabel: (x, draw) => ({ ...x, task: `${x.task}#${draw}` }),
    });
    expect(r.ci).toEqual([2, 2]);
  });
});
