import { type Matrix, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { SiteProbe } from '../probes/site-probe.js';
import { allUnavailable, clamp01, type FamilyResult, meanOf } from '../types.js';
import { decodeTable } from './decode.js';

/** Examples per split used by the stability and reading-budget sweeps. */
export const SWEEP_EXAMPLES = 150;
/** Presentation windows tried for substrates that run in time (simulated ms). */
export const WINDOWS_MS = [10, 30, 100, 300];
/** The least a timed reading can take: one window of this length counts as one forward pass. */
export const REFERENCE_WINDOW_MS = 10;
/** Share of the asymptotic decode score a budget must reach. */
export const ASYMPTOTE_SHARE = 0.9;
/** Latents used in the budget sweep. */
const SWEEP_LATENTS = 8;

/**
 * Agreement of two readings of the same inputs, per unit 1 − E[(x₁ − x₂)²] / (Var x₁ + Var x₂)
 * (1 = identical, 0 = as different as two unrelated readings), averaged over units whose readings
 * vary. A unit that reads the same constant every time (a silent neuron, a dead ReLU) carries nothing
 * and is left out rather than counted as perfectly stable; a unit constant within each reading but
 * different between the two scores 0. NaN when no unit varies.
 */
export function readingAgreement(first: Matrix, second: Matrix): number {
  const scores: number[] = [];
  for (let u = 0; u < first.cols; u++) {
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < first.rows; i++) {
      m1 += first.data[i * first.cols + u]! / first.rows;
      m2 += second.data[i * first.cols + u]! / first.rows;
    }
    let v1 = 0;
    let v2 = 0;
    let diff = 0;
    for (let i = 0; i < first.rows; i++) {
      const a = first.data[i * first.cols + u]!;
      const b = second.data[i * first.cols + u]!;
      v1 += (a - m1) ** 2 / first.rows;
      v2 += (b - m2) ** 2 / first.rows;
      diff += (a - b) ** 2 / first.rows;
    }
    if (v1 + v2 <= 1e-12) {
      if (diff > 1e-12) scores.push(0);
    } else scores.push(clamp01(1 - diff / (v1 + v2)));
  }
  return meanOf(scores);
}

/**
 * observe.stability: agreement of two readings of the same test inputs under different run seeds,
 * averaged over the sites where some unit varies (null when none does). observe.cost: the reading
 * budget that reaches 90% of the asymptotic decode score, as REFERENCE / budget: one forward pass
 * for substrates that do not run in time (score 1);
 * for timed substrates the smallest window (of 10, 30, 100, 300 ms) whose decode score (mean probe
 * score over latents, best site) reaches 90% of the score at 300 ms, scored 10 ms / window.
 */
export async function analyzeObserve(ctx: AnalysisContext): Promise<FamilyResult> {
  const ids = ['observe.stability', 'observe.cost'];
  if (!ctx.can('observe')) return allUnavailable(ids, 'substrate cannot be observed');
  const rng = ctx.rng('observe.sweep');
  const pick = (n: number) =>
    rng
      .permutation(n)
      .slice(0, Math.min(n, SWEEP_EXAMPLES))
      .sort((a, b) => a - b);
  const testRows = pick(ctx.test.inputs.rows);
  const inputs = takeRows(ctx.test.inputs, testRows);
  const seed = ctx.run.seed ?? 0;
  const simulatedBefore = ctx.cost.simulatedMs;
  const first = await ctx.observe(inputs, { seed: (seed + 1) >>> 0 });
  const second = await ctx.observe(inputs, { seed: (seed + 2) >>> 0 });
  // Per site: null where no unit varies (left out of the mean over sites).
  const perSite: Record<string, number | null> = {};
  for (const site of Object.keys(first)) {
    const agreement = readingAgreement(first[site]!, second[site]!);
    perSite[site] = Number.isFinite(agreement) ? agreement : null;
  }
  const stability = meanOf(Object.values(perSite).filter((v): v is number => v !== null));
  const timed = ctx.cost.simulatedMs > simulatedBefore;
  const result: FamilyResult = {
    metrics: { 'observe.stability': Number.isFinite(stability) ? stability : null },
    unavailable: Number.isFinite(stability)
      ? {}
      : {
          'observe.stability':
            Object.keys(first).length === 0
              ? 'the substrate has no units'
              : 'no unit varies over the test examples in either reading, so agreement between readings is not defined',
        },
    raw: { 'observe.stability': { perSite } },
  };
  if (!timed) {
    result.metrics['observe.cost'] = 1;
    result.raw['observe.cost'] = { timed: false, budget: 1, unit: 'forward passes per example' };
    return result;
  }
  const table = await decodeTable(ctx);
  const latents = table.latents.filter((l) => l.informative).slice(0, SWEEP_LATENTS);
  const used = latents.length > 0 ? latents : table.latents.slice(0, SWEEP_LATENTS);
  const trainRows = pick(ctx.train.inputs.rows);
  const trainInputs = takeRows(ctx.train.inputs, trainRows);
  const order = rng.permutation(trainRows.length);
  const cut = Math.round(trainRows.length * 0.75);
  const fitRows = order.slice(0, cut).sort((a, b) => a - b);
  const validationRows = order.slice(cut).sort((a, b) => a - b);
  const scores: number[] = [];
  for (const windowMs of WINDOWS_MS) {
    const run = { seed, windowMs };
    const [train, test] = [await ctx.observe(trainInputs, run), await ctx.observe(inputs, run)];
    let best = Number.NEGATIVE_INFINITY;
    for (const site of table.sites) {
      if (!train[site] || !test[site]) continue;
      const probe = new SiteProbe(train[site]!, test[site]!, fitRows, validationRows);
      const score = meanOf(
        used.map((l) => {
          const target = {
            ...l.target,
            train: Float32Array.from(trainRows, (r) => l.target.train[r]!),
            test: Float32Array.from(testRows, (r) => l.target.test[r]!),
          };
          return clamp01(probe.evaluate(target).test);
        }),
      );
      if (score > best) best = score;
    }
    scores.push(best);
  }
  const asymptote = scores[scores.length - 1]!;
  if (!(asymptote > 0)) {
    result.metrics['observe.cost'] = null;
    result.unavailable['observe.cost'] = 'no latent is decodable at any reading window';
    result.raw['observe.cost'] = { timed: true, windowsMs: WINDOWS_MS, scores };
    return result;
  }
  const budget = WINDOWS_MS[scores.findIndex((s) => s >= ASYMPTOTE_SHARE * asymptote)]!;
  result.metrics['observe.cost'] = Math.min(1, REFERENCE_WINDOW_MS / budget);
  result.raw['observe.cost'] = {
    timed: true,
    windowsMs: WINDOWS_MS,
    scores,
    budgetMs: budget,
    unit: 'simulated ms',
  };
  return result;
}
