import { Rng } from '@scrutable/core';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { decomposeVariance, type Observation2Way } from './variance.js';

/** A full grid: `reps` replicates of value(d, s) + noise in every (domain, substrate) cell. */
function grid(
  domains: number,
  substrates: number,
  reps: number,
  value: (d: number, s: number) => number,
  noise: number,
  seed = 1,
): Observation2Way[] {
  const rng = new Rng(seed);
  const out: Observation2Way[] = [];
  for (let d = 0; d < domains; d++)
    for (let s = 0; s < substrates; s++)
      for (let r = 0; r < reps; r++)
        out.push({ domain: `d${d}`, substrate: `s${s}`, value: value(d, s) + rng.normal(0, noise) });
  return out;
}

const sumShares = (x: { domain: number; substrate: number; interaction: number; residual: number }) =>
  x.domain + x.substrate + x.interaction + x.residual;

/** Residual sum of squares of a least-squares fit on the given dummy-coded design, via ml-matrix. */
function referenceRss(
  obs: readonly Observation2Way[],
  columns: ReadonlyArray<(o: Observation2Way) => number>,
) {
  const x = new MlMatrix(obs.map((o) => [1, ...columns.map((c) => c(o))]));
  const y = MlMatrix.columnVector(obs.map((o) => o.value));
  const beta = solve(x, y, true);
  const residual = y.sub(x.mmul(beta));
  return residual.to1DArray().reduce((s, r) => s + r * r, 0);
}

describe('decomposeVariance', () => {
  it('gives the domain nearly all of the variance when only the domain matters', () => {
    const r = decomposeVariance(grid(6, 4, 3, (d) => d, 0.01));
    expect(r.shares.domain).toBeGreaterThan(0.99);
    expect(sumShares(r.shares)).toBeCloseTo(1, 12);
  });

  it('gives the substrate nearly all of the variance when only the substrate matters', () => {
    const r = decomposeVariance(grid(6, 4, 3, (_, s) => 2 * s, 0.01));
    expect(r.shares.substrate).toBeGreaterThan(0.99);
  });

  it('sends a pure interaction to the interaction term and pure noise to the residual', () => {
    const inter = decomposeVariance(grid(4, 4, 3, (d, s) => ((d + s) % 2 === 0 ? 1 : -1), 0.01));
    expect(inter.shares.interaction).toBeGreaterThan(0.99);
    const noise = decomposeVariance(grid(4, 4, 10, () => 0, 1, 3));
    expect(noise.shares.residual).toBeGreaterThan(0.7);
  });

  it('matches the classical balanced two-way ANOVA computed from marginal means', () => {
    const obs = grid(5, 3, 4, (d, s) => d * 0.3 + s * 0.5 + (d === s ? 0.4 : 0), 0.3, 7);
    const m = (f: (o: Observation2Way) => boolean) => {
      const xs = obs.filter(f).map((o) => o.value);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const grand = m(() => true);
    let ssD = 0;
    let ssS = 0;
    let ssE = 0;
    let ssT = 0;
    for (const o of obs) {
      const md = m((x) => x.domain === o.domain);
      const ms = m((x) => x.substrate === o.substrate);
      const mc = m((x) => x.domain === o.domain && x.substrate === o.substrate);
      ssD += (md - grand) ** 2;
      ssS += (ms - grand) ** 2;
      ssE += (o.value - mc) ** 2;
      ssT += (o.value - grand) ** 2;
    }
    const r = decomposeVariance(obs);
    expect(r.sumsOfSquares.total).toBeCloseTo(ssT, 8);
    expect(r.sumsOfSquares.domain).toBeCloseTo(ssD, 8);
    expect(r.sumsOfSquares.substrate).toBeCloseTo(ssS, 8);
    expect(r.sumsOfSquares.residual).toBeCloseTo(ssE, 8);
    expect(r.sumsOfSquares.interaction).toBeCloseTo(ssT - ssD - ssS - ssE, 8);
    expect(r.sharedSumOfSquares).toBeCloseTo(0, 8);
  });

  it('splits an unbalanced grid with missing cells by least squares (checked against a regression)', () => {
    const rng = new Rng(4);
    // drop a quarter of the observations, including whole cells
    const obs = grid(4, 3, 3, (d, s) => d * 0.5 + s, 0.4, 9).filter(
      (o) => !(o.domain === 'd0' && o.substrate === 's2') && rng.float() > 0.25,
    );
    const domains = ['d1', 'd2', 'd3'];
    const substrates = ['s1', 's2'];
    const dCols = domains.map((d) => (o: Observation2Way) => (o.domain === d ? 1 : 0));
    const sCols = substrates.map((s) => (o: Observation2Way) => (o.substrate === s ? 1 : 0));
    const rss0 = referenceRss(obs, []);
    const rssD = referenceRss(obs, dCols);
    const rssS = referenceRss(obs, sCols);
    const rssDS = referenceRss(obs, [...dCols, ...sCols]);
    const r = decomposeVariance(obs);
    expect(r.possibleCells).toBe(12);
    expect(r.filledCells).toBe(11);
    expect(r.sumsOfSquares.domain).toBeCloseTo((rss0 - rssD + rssS - rssDS) / 2, 6);
    expect(r.sumsOfSquares.substrate).toBeCloseTo((rss0 - rssS + rssD - rssDS) / 2, 6);
    expect(sumShares(r.shares)).toBeCloseTo(1, 12);
    expect(r.shares.substrate).toBeGreaterThan(r.shares.domain);
  });

  it('reports all-zero shares when every value is equal', () => {
    const r = decomposeVariance(grid(2, 2, 2, () => 0.5, 0));
    expect(r.shares).toEqual({ domain: 0, substrate: 0, interaction: 0, residual: 0 });
  });
});

describe('omegaSquared', () => {
  it('matches the textbook ω² of a balanced grid', () => {
    const obs = grid(5, 3, 4, (d, s) => d * 0.3 + s * 0.5, 0.3, 11);
    const r = decomposeVariance(obs);
    const ss = r.sumsOfSquares;
    // balanced: df = levels − 1, (a−1)(b−1) and ab(n−1)
    expect(r.degreesOfFreedom).toEqual({ domain: 4, substrate: 2, interaction: 8, residual: 45 });
    const mse = ss.residual / 45;
    expect(r.omegaSquared.domain).toBeCloseTo((ss.domain - 4 * mse) / (ss.total + mse), 10);
    expect(r.omegaSquared.substrate).toBeCloseTo((ss.substrate - 2 * mse) / (ss.total + mse), 10);
  });

  it('removes the head start that many domain levels get from pure noise', () => {
    // no effect at all: 30 domain levels soak up ~10x the chance variance of 4 substrates
    const noise = decomposeVariance(grid(30, 4, 3, () => 0, 1, 12));
    expect(noise.shares.domain - noise.shares.substrate).toBeGreaterThan(0.04);
    expect(Math.abs(noise.omegaSquared.domain - noise.omegaSquared.substrate)).toBeLessThan(0.03);
  });

  it('uses the interaction as error term without replicates', () => {
    const r = decomposeVariance(grid(6, 4, 1, (d) => d, 0.1, 13));
    expect(r.errorTerm).toBe('interaction');
    expect(r.degreesOfFreedom.residual).toBe(0);
    expect(r.omegaSquared.domain).toBeGreaterThan(0.95);
  });
});
