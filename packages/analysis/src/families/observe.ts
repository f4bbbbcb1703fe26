import { type Matrix, type RunOptions, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { decodeTable } from '../decode-table.js';
import { type AnalysisFamily, always, oneScore } from '../family.js';
import { SiteProbe } from '../probes/site-probe.js';
import { clamp01, type FamilyResult, meanOf, type ReadingBudget, type ReadingCost } from '../types.js';
import { MIN_DECODABLE } from '../units.js';

/** Examples per split used by the stability and reading-budget sweeps. */
export const SWEEP_EXAMPLES = 150;
/** Presentation windows tried for substrates that run in time (simulated ms); the last is the asymptote. */
export const WINDOWS_MS = [10, 30, 100, 300, 1000];
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
 * observe.stability: agreement of two readings of the same test inputs under different run seeds at
 * the analysis window, averaged over the sites where some unit varies (null when none does).
 * Reading cost (not a score, and not in the index): the decode readout (mean probe score over
 * latents at the best site) is measured at each presentation window of WINDOWS_MS for substrates
 * that run in time, once for the others; the budget is the work per example (forward passes,
 * simulated ms, synaptic events, as the substrate reports them) of the first reading whose score
 * reaches 90% of the asymptote (the longest window's); null when the asymptote is below
 * MIN_DECODABLE, since a budget that reaches 90% of nothing measures nothing.
 */
export async function analyzeObserve(ctx: AnalysisContext): Promise<FamilyResult> {
  const rng = ctx.rng('observe.sweep');
  const pick = (n: number) =>
    rng
      .permutation(n)
      .slice(0, Math.min(n, SWEEP_EXAMPLES))
      .sort((a, b) => a - b);
  const testRows = pick(ctx.test.inputs.rows);
  const inputs = takeRows(ctx.test.inputs, testRows);
  const seed = ctx.run.seed ?? 0;
  const first = await ctx.observe(inputs, { ...ctx.run, seed: (seed + 1) >>> 0 });
  const second = await ctx.observe(inputs, { ...ctx.run, seed: (seed + 2) >>> 0 });
  // Per site: null where no unit varies (left out of the mean over sites).
  const perSite: Record<string, number | null> = {};
  for (const site of Object.keys(first)) {
    const agreement = readingAgreement(first[site]!, second[site]!);
    perSite[site] = Number.isFinite(agreement) ? agreement : null;
  }
  const stability = meanOf(Object.values(perSite).filter((v): v is number => v !== null));
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
    raw: { 'observe.stability': { perSite, windowMs: ctx.run.windowMs ?? null } },
  };
  result.raw['observe.readingCost'] = [await decodeReadingCost(ctx, inputs, testRows, pick)];
  return result;
}

/** The decode readout's score and cost per example at each reading, and the budget that reaches 90%. */
async function decodeReadingCost(
  ctx: AnalysisContext,
  testInputs: Matrix,
  testRows: readonly number[],
  pick: (n: number) => number[],
): Promise<ReadingCost> {
  const seed = ctx.run.seed ?? 0;
  const table = await decodeTable(ctx);
  const latents = table.latents.filter((l) => l.informative).slice(0, SWEEP_LATENTS);
  const used = latents.length > 0 ? latents : table.latents.slice(0, SWEEP_LATENTS);
  const trainRows = pick(ctx.train.inputs.rows);
  const trainInputs = takeRows(ctx.train.inputs, trainRows);
  const order = ctx.rng('observe.validation').permutation(trainRows.length);
  const cut = Math.round(trainRows.length * 0.75);
  const fitRows = order.slice(0, cut).sort((a, b) => a - b);
  const validationRows = order.slice(cut).sort((a, b) => a - b);
  const read = async (run: RunOptions) => {
    const before = { ...ctx.cost };
    const train = await ctx.observe(trainInputs, run);
    const test = await ctx.observe(testInputs, run);
    const n = trainInputs.rows + testInputs.rows;
    const budget: ReadingBudget = {
      forwardPasses: (ctx.cost.forwardPasses - before.forwardPasses) / n,
      simulatedMs: (ctx.cost.simulatedMs - before.simulatedMs) / n,
      synapticEvents: (ctx.cost.synapticEvents - before.synapticEvents) / n,
    };
    let best = 0;
    for (const site of table.sites) {
      if (!train[site] || !test[site]) continue;
      const probe = new SiteProbe(train[site]!, test[site]!, fitRows, validationRows);
      const score = meanOf(
        used.map((l) =>
          clamp01(
            probe.evaluate({
              ...l.target,
              train: Float32Array.from(trainRows, (r) => l.target.train[r]!),
              test: Float32Array.from(testRows, (r) => l.target.test[r]!),
            }).test,
          ),
        ),
      );
      if (score > best) best = score;
    }
    return { score: best, budget };
  };
  const once = await read({ seed });
  const timed = once.budget.simulatedMs > 0;
  const readings = [once];
  if (timed) {
    // One window at a time: each reading's cost is read off the running total.
    readings.length = 0;
    for (const windowMs of WINDOWS_MS) readings.push(await read({ seed, windowMs }));
  }
  const scores = readings.map((r) => r.score);
  const asymptote = scores[scores.length - 1]!;
  const reached = scores.findIndex((s) => s >= ASYMPTOTE_SHARE * asymptote);
  const decodable = asymptote >= MIN_DECODABLE;
  return {
    family: 'decode',
    scores,
    budgets: readings.map((r) => r.budget),
    asymptote,
    budget: decodable ? readings[reached]!.budget : null,
    windowMs: decodable && timed ? WINDOWS_MS[reached]! : null,
  };
}

/** observe: how reliably and at what reading cost the states can be read (an axis beside the index). */
export const observe: AnalysisFamily = {
  id: 'observe',
  metrics: [{ id: 'observe.stability', needs: ['observe'], applies: always }],
  inIndex: false,
  score: oneScore('observe.stability'),
  run: analyzeObserve,
};
