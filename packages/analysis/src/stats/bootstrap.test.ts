import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { bootstrap, expandedTail, mean, minimumUnits, quantile } from './bootstrap.js';

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
    // Six units: the expanded tails need more than the 200 resamples asked for, about 20 per tail
    const drawn = Math.ceil(20 / expandedTail(0.95, 6));
    // P(no 6 among 6 draws) = (5/6)^6 ≈ 0.33, so about a third of them are dropped
    expect(r.resamples / drawn).toBeGreaterThan(0.62);
    expect(r.resamples / drawn).toBeLessThan(0.71);
    expect(r.ci).toEqual([6, 6]);
  });

  it('relabels repeated draws of an outer cluster so they count as distinct clusters', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((task, v) => ({ task, v }));
    const distinct = (s: readonly { task: string }[]) => new Set(s.map((x) => x.task)).size;
    const r = bootstrap(items, distinct, {
      seed: 3,
      resamples: 50,
      clusters: [(x) => x.task],
      relabel: (x, draw) => ({ ...x, task: `${x.task}#${draw}` }),
    });
    expect(r.ci).toEqual([6, 6]);
  });
});

describe('small numbers of units', () => {
  it('needs as many units as it takes for their range to straddle the median with the level', () => {
    // 1 − 2^(1−n) ≥ level: 0.9375 < 0.95 ≤ 0.96875 at n = 5, 6; 0.875 < 0.9 ≤ 0.9375 at n = 4, 5
    expect(minimumUnits(0.95)).toBe(6);
    expect(minimumUnits(0.9)).toBe(5);
    expect(minimumUnits(0.99)).toBe(8);
    expect(minimumUnits(0.5)).toBe(2);
  });

  it('expands the tails to a t interval on n − 1 degrees of freedom (values from scipy)', () => {
    // scipy: norm.cdf(-sqrt(n/(n-1)) * t.ppf(0.975, n-1)) for n = 6 and 10
    expect(expandedTail(0.95, 6)).toBeCloseTo(0.0024318031746115667, 10);
    expect(expandedTail(0.95, 10)).toBeCloseTo(0.008550639024406366, 10);
    // with many units it is the plain percentile interval
    expect(expandedTail(0.95, 100_000)).toBeCloseTo(0.025, 4);
  });

  it('draws no interval from too few outer clusters', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].flatMap((task, i) => [1, 2].map((k) => ({ task, v: i + k })));
    const statistic = (s: readonly { v: number }[]) => mean(s.map((x) => x.v));
    const r = bootstrap(items, statistic, { seed: 1, clusters: [(x) => x.task] });
    expect(r).toMatchObject({ units: 5, tooFewUnits: true, resamples: 0 });
    expect(r.ci[0]).toBeNaN();
    expect(r.estimate).toBe(3.5);
  });

  it('covers the true mean of six clusters about as often as it says, where the plain percentile interval does not', () => {
    // 300 data sets of 6 normal cluster means: count how often each interval contains the true mean 0
    const rng = new Rng(8);
    let expanded = 0;
    let plain = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: 6 }, () => rng.normal());
      const r = bootstrap(xs, mean, { seed: t, resamples: 2000 });
      if (r.ci[0] <= 0 && 0 <= r.ci[1]) expanded++;
      const again = new Rng(t);
      const draws = Array.from({ length: 2000 }, () => mean(xs.map(() => xs[again.int(6)]!)));
      if (quantile(draws, 0.025) <= 0 && 0 <= quantile(draws, 0.975)) plain++;
    }
    // binomial sd at p = 0.95 and 300 trials is 0.013; the plain interval covers about 0.85 here
    expect(expanded / trials).toBeGreaterThan(0.92);
    expect(plain / trials).toBeLessThan(0.9);
  });
});
