import type { VarianceDecomposition } from '@scrutable/core';
import { groupBy, mean } from './bootstrap.js';

/** One observation of a two-way layout: a row factor level, a column factor level and a value. */
export interface Observation2Way {
  /** Row factor level (for the index grid: the domain at its level, e.g. `boolean/L3`). */
  readonly domain: string;
  /** Column factor level (the substrate id). */
  readonly substrate: string;
  readonly value: number;
}

/** Sums of squares behind a decomposition, and its shares. */
export interface VarianceDecompositionDetail {
  readonly shares: VarianceDecomposition;
  readonly sumsOfSquares: VarianceDecomposition & { readonly total: number };
  readonly observations: number;
  /** Design cells (domain × substrate) with at least one observation, and how many of all possible. */
  readonly filledCells: number;
  readonly possibleCells: number;
  /**
   * Sum of squares domain and substrate explain jointly (what either explains alone minus what it adds
   * after the other); 0 in a balanced grid, split equally between the two in the shares.
   */
  readonly sharedSumOfSquares: number;
  /** Degrees of freedom of each part (interaction: filled cells − rank of the additive model). */
  readonly degreesOfFreedom: VarianceDecomposition;
  /**
   * Shares corrected for the variance a factor soaks up by chance, which grows with its number of
   * levels (ω² = (SS − df·MSE) / (SS_total + MSE)); near 0 for a factor with no effect, and may dip
   * below 0. MSE is the residual mean square, or the interaction's when there are no replicates.
   */
  readonly omegaSquared: Omit<VarianceDecomposition, 'residual'>;
  /** Which mean square served as error for ω²; `none` leaves ω² equal to the raw shares. */
  readonly errorTerm: 'residual' | 'interaction' | 'none';
}

/**
 * Two-way ANOVA-style decomposition of the total sum of squares into domain, substrate, their
 * interaction and residual (replicates within a cell, i.e. seeds). Unbalanced and missing cells are
 * handled by least squares on nested models rather than by marginal means:
 * - residual = within-cell sum of squares (cell-means model);
 * - interaction = RSS(additive model) − RSS(cell-means model);
 * - domain and substrate split RSS(grand mean) − RSS(additive) by their Shapley value: each gets the
 *   average of what it adds first and what it adds second. With balanced data this is the classical
 *   ANOVA split; with unbalanced data the part the two factors explain jointly is shared equally
 *   instead of going to whichever factor is entered first.
 * The four parts add up to the total exactly; shares are the parts over the total (all 0 when the
 * total is 0).
 */
export function decomposeVariance(observations: readonly Observation2Way[]): VarianceDecompositionDetail {
  const values = observations.map((o) => o.value);
  const grand = mean(values);
  const total = sumOfSquares(values, () => grand);
  const rssDomain = rssOneWay(observations, (o) => o.domain);
  const rssSubstrate = rssOneWay(observations, (o) => o.substrate);
  const { rss: rssAdditive, rank } = additiveFit(observations);
  const cellKey = (o: Observation2Way) => `${o.domain}\u0000${o.substrate}`;
  const rssCells = rssOneWay(observations, cellKey);
  const domain = Math.max(0, (total - rssDomain + (rssSubstrate - rssAdditive)) / 2);
  const substrate = Math.max(0, (total - rssSubstrate + (rssDomain - rssAdditive)) / 2);
  const interaction = Math.max(0, rssAdditive - rssCells);
  const residual = Math.max(0, rssCells);
  // the clamps only absorb float round-off; the parts add to the total up to that round-off
  const sum = domain + substrate + interaction + residual;
  const share = (x: number) => (sum > 0 ? x / sum : 0);
  const domains = new Set(observations.map((o) => o.domain)).size;
  const substrates = new Set(observations.map((o) => o.substrate)).size;
  const filledCells = new Set(observations.map(cellKey)).size;
  const df = {
    domain: Math.max(0, domains - 1),
    substrate: Math.max(0, substrates - 1),
    interaction: Math.max(0, filledCells - rank),
    residual: observations.length - filledCells,
  };
  const errorTerm = df.residual > 0 ? 'residual' : df.interaction > 0 ? 'interaction' : 'none';
  const mse =
    errorTerm === 'residual'
      ? residual / df.residual
      : errorTerm === 'interaction'
        ? interaction / df.interaction
        : 0;
  const omega = (ss: number, dof: number) => (sum > 0 ? (ss - dof * mse) / (sum + mse) : 0);
  return {
    shares: {
      domain: share(domain),
      substrate: share(substrate),
      interaction: share(interaction),
      residual: share(residual),
    },
    sumsOfSquares: { domain, substrate, interaction, residual, total },
    observations: observations.length,
    filledCells,
    possibleCells: domains * substrates,
    sharedSumOfSquares: total - rssDomain - (rssSubstrate - rssAdditive),
    degreesOfFreedom: df,
    omegaSquared: {
      domain: omega(domain, df.domain),
      substrate: omega(substrate, df.substrate),
      // with the interaction as error term its own ω² is not defined: 0
      interaction: errorTerm === 'residual' ? omega(interaction, df.interaction) : 0,
    },
    errorTerm,
  };
}

function sumOfSquares(values: readonly number[], fitted: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - fitted(i)) ** 2;
  return s;
}

/** Residual sum of squares around the group means. */
function rssOneWay(observations: readonly Observation2Way[], key: (o: Observation2Way) => string): number {
  let s = 0;
  for (const group of groupBy(observations, key).values()) {
    const m = mean(group.map((o) => o.value));
    for (const o of group) s += (o.value - m) ** 2;
  }
  return s;
}

/**
 * Residual sum of squares of the least-squares additive model value ≈ a[domain] + b[substrate]. The
 * normal equations are singular (a constant can move between a and b, once per connected part of the
 * design), but consistent: elimination that leaves a variable free when its pivot vanishes still
 * gives least-squares fitted values, which are unique.
 */
function additiveFit(observations: readonly Observation2Way[]): { rss: number; rank: number } {
  const domains = [...new Set(observations.map((o) => o.domain))];
  const substrates = [...new Set(observations.map((o) => o.substrate))];
  const n = domains.length + substrates.length;
  const index = (o: Observation2Way) =>
    [domains.indexOf(o.domain), domains.length + substrates.indexOf(o.substrate)] as const;
  const normal = Array.from({ length: n }, () => new Float64Array(n + 1));
  for (const o of observations) {
    const [i, j] = index(o);
    for (const [r, c] of [
      [i, i],
      [j, j],
      [i, j],
      [j, i],
    ] as const)
      normal[r]![c]! += 1;
    normal[i]![n]! += o.value;
    normal[j]![n]! += o.value;
  }
  const { x: coef, rank } = solveConsistent(normal, n);
  const rss = observations.reduce((s, o) => {
    const [i, j] = index(o);
    return s + (o.value - coef[i]! - coef[j]!) ** 2;
  }, 0);
  return { rss, rank };
}

/** A solution of the consistent system held as augmented rows [A | y] (free variables 0), and A's rank. */
function solveConsistent(rows: Float64Array[], n: number): { x: Float64Array; rank: number } {
  const scale = Math.max(1, ...rows.map((r, i) => Math.abs(r[i]!)));
  const pivotColumns: number[] = [];
  let rank = 0;
  for (let c = 0; c < n && rank < n; c++) {
    let best = rank;
    for (let r = rank + 1; r < n; r++) if (Math.abs(rows[r]![c]!) > Math.abs(rows[best]![c]!)) best = r;
    if (Math.abs(rows[best]![c]!) <= 1e-9 * scale) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const pivot = rows[rank]!;
    for (let r = 0; r < n; r++) {
      if (r === rank) continue;
      const f = rows[r]![c]! / pivot[c]!;
      if (f !== 0) for (let k = c; k <= n; k++) rows[r]![k]! -= f * pivot[k]!;
    }
    pivotColumns.push(c);
    rank++;
  }
  const x = new Float64Array(n);
  pivotColumns.forEach((c, r) => {
    x[c] = rows[r]![n]! / rows[r]![c]!;
  });
  return { x, rank };
}
