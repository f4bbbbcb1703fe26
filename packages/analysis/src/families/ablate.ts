import { row, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { correctRows } from '../correct-rows.js';
import { type AnalysisFamily, type Design, oneScore } from '../family.js';
import { outputVariables, readVariable, readVariableRow } from '../outputs.js';
import { allUnavailable, type FamilyResult, meanOf } from '../types.js';
import { type LatentUnits, latentUnits, privilegedSites, SPARSE_UNITS } from '../units.js';

/** Most latents intervened on per cell. */
export const MAX_ABLATED_LATENTS = 12;

/** Mean state of the given units over training examples, per latent value. */
export async function conditionalMeans(
  ctx: AnalysisContext,
  site: string,
  units: readonly number[],
  values: Float32Array,
): Promise<Map<number, Float64Array>> {
  const states = (await ctx.splitStates('train'))[site]!;
  const sums = new Map<number, { sum: Float64Array; n: number }>();
  for (let i = 0; i < states.rows; i++) {
    const v = values[i]!;
    let s = sums.get(v);
    if (!s) {
      s = { sum: new Float64Array(units.length), n: 0 };
      sums.set(v, s);
    }
    units.forEach((u, k) => {
      s.sum[k]! += states.data[i * states.cols + u]!;
    });
    s.n++;
  }
  return new Map([...sums].map(([v, s]) => [v, s.sum.map((x) => x / s.n)]));
}

/** The counterfactual value a latent is moved to: the other bit, or the next category. */
export function counterfactualValue(kind: string, value: number, categories: number): number {
  return kind === 'binary' ? 1 - value : (value + 1) % categories;
}

/** The first k units of each greedy order of a latent (its values' orders for a categorical one), united. */
export function firstUnits(found: LatentUnits, k: number): number[] {
  return [...new Set(found.units.flatMap((order) => order.slice(0, k)))].sort((a, b) => a - b);
}

/** What clamping some units of a latent's site to its counterfactual means did. */
interface AblationOutcome {
  cause: number;
  /** Null when no output is independent of the latent on these examples. */
  leak: number | null;
  dependent: number;
  independent: number;
}

/**
 * Clamping of one latent's units on the test rows `rows`: each row moved to the training mean over
 * examples whose latent has the counterfactual value, scored for cause and leak against the causal
 * model. Which rows can move, and what the causal model answers for them, do not depend on the units,
 * so they are worked out once; a set of units already clamped gives its outcome again (the k-sweep's
 * prefixes often repeat the needed units).
 */
async function latentAblation(
  ctx: AnalysisContext,
  found: LatentUnits,
  rows: readonly number[],
): Promise<(units: readonly number[]) => Promise<AblationOutcome | null>> {
  const target = found.latent.target;
  const used: number[] = [];
  const newValues: number[] = [];
  // Values some training row has: the keys of every conditional mean (target.train is per train row).
  const present = new Set(target.train);
  for (const i of rows) {
    const v = counterfactualValue(target.kind, target.test[i]!, target.categories);
    if (!present.has(v)) continue;
    used.push(i);
    newValues.push(v);
  }
  if (used.length === 0) return async () => null;
  const inputs = ctx.test.inputs;
  const variables = outputVariables(ctx.task.heads);
  const answers = used.map((i, k) => {
    const input = row(inputs, i);
    return {
      truth: ctx.task.groundTruth(input).targets,
      counterfactual: ctx.task.groundTruth(input, new Map([[found.latent.index, newValues[k]!]])).targets,
    };
  });
  const outcomes = new Map<string, Promise<AblationOutcome | null>>();
  const clamp = async (units: readonly number[]): Promise<AblationOutcome | null> => {
    const means = await conditionalMeans(ctx, found.site, units, target.train);
    const clampValues = new Float32Array(used.length * units.length);
    used.forEach((_, k) => {
      clampValues.set(means.get(newValues[k]!)!, k * units.length);
    });
    const after = await ctx.intervene(takeRows(inputs, used), {
      kind: 'clamp',
      site: found.site,
      units: [...units],
      values: clampValues,
    });
    const before = await ctx.testPredictions();
    let dependent = 0;
    let hits = 0;
    let independent = 0;
    let moved = 0;
    used.forEach((i, k) => {
      const { truth, counterfactual } = answers[k]!;
      for (const v of variables) {
        const t = readVariableRow(truth, v);
        const c = readVariableRow(counterfactual, v);
        const a = readVariable(after, k, v);
        if (t !== c) {
          dependent++;
          // Credit only an answer the intervention produced (not one the substrate already gave).
          if (a === c && a !== readVariable(before, i, v)) hits++;
        } else {
          independent++;
          if (a !== readVariable(before, i, v)) moved++;
        }
      }
    });
    if (dependent === 0) return null;
    return {
      cause: hits / dependent,
      leak: independent === 0 ? null : moved / independent,
      dependent,
      independent,
    };
  };
  return (units) => {
    const key = units.join(',');
    let outcome = outcomes.get(key);
    if (!outcome) {
      outcome = clamp(units);
      outcomes.set(key, outcome);
    }
    return outcome;
  };
}

/**
 * RAVEL-style cause and isolate, on the test examples the substrate answers correctly (so accuracy
 * does not cap the score). For latent L with units U (the needed prefix of the greedy 4-unit sparse
 * probe), each example's U states are set to the training mean of U over examples whose L has the
 * counterfactual value L′. The task's causal model says which output variables change when L is
 * forced to L′. cause = share of those dependent outputs that the intervention moved to the
 * counterfactual answer; leak = share of the other outputs whose prediction moved (0 when every
 * output depends on L: there is nothing to leak into); isolate = cause · (1 − leak), so isolation is
 * only credited in proportion to an effect actually produced. The same is reported in raw for the
 * first k = 1 … 4 greedy units (the k-sweep).
 */
export async function analyzeAblate(ctx: AnalysisContext): Promise<FamilyResult> {
  const ids = ['ablate.cause', 'ablate.isolate'];
  const candidates = (await latentUnits(ctx))
    .filter((f) => f.latent.target.kind !== 'continuous')
    .slice(0, MAX_ABLATED_LATENTS);
  if (candidates.length === 0)
    return allUnavailable(ids, 'no decodable binary or categorical latent to intervene on');
  const rows = await correctRows(ctx);
  if (rows.length === 0) return allUnavailable(ids, 'the substrate answers no test example correctly');
  const perLatent: Array<
    AblationOutcome & { latent: string; site: string; units: number[]; sweep: Array<number | null> }
  > = [];
  for (const found of candidates) {
    const ablateUnits = await latentAblation(ctx, found, rows);
    const outcome = await ablateUnits(found.needed);
    if (outcome === null) continue;
    const sweep: Array<number | null> = [];
    for (let k = 1; k <= SPARSE_UNITS; k++)
      sweep.push((await ablateUnits(firstUnits(found, k)))?.cause ?? null);
    perLatent.push({
      latent: found.latent.name,
      site: found.site,
      units: [...found.needed],
      sweep,
      ...outcome,
    });
  }
  if (perLatent.length === 0)
    return allUnavailable(
      ids,
      'no output depends on any decodable latent on the correctly answered test examples',
    );
  const raw = { latents: perLatent, correctExamples: rows.length, sweepUnits: SPARSE_UNITS };
  return {
    metrics: {
      'ablate.cause': meanOf(perLatent.map((l) => l.cause)),
      'ablate.isolate': meanOf(perLatent.map((l) => l.cause * (1 - (l.leak ?? 0)))),
    },
    unavailable: {},
    raw: { 'ablate.cause': raw, 'ablate.isolate': raw },
  };
}

/** Ablation needs a discrete latent, counterfactual outputs and a site with a privileged basis. */
function isolateApplies(d: Design): string | null {
  return (
    ablateApplies(d) ??
    (d.traits.discreteOutputs >= 2 ? null : 'a single output: nothing unrelated to leave unchanged')
  );
}

function ablateApplies(d: Design): string | null {
  if (!d.traits.discreteLatents) return 'the task has no binary or categorical latent to move';
  if (!d.traits.causalModel) return 'the task has no causal model: no counterfactual output to score against';
  return privilegedSites(d.sites).length ? null : 'every site is a pre-activation: no unit to intervene on';
}

/** ablate: setting a latent's units to another value moves the outputs that depend on it, and only those. */
export const ablate: AnalysisFamily = {
  id: 'ablate',
  metrics: [
    { id: 'ablate.cause', needs: ['observe', 'intervene'], applies: ablateApplies },
    { id: 'ablate.isolate', needs: ['observe', 'intervene'], applies: isolateApplies },
  ],
  inIndex: true,
  // isolate = cause · (1 − leak) already carries cause: counting both would weigh cause twice. With a
  // single output there is no isolation to measure and cause alone is the score.
  score: (m) => oneScore('ablate.isolate')(m) ?? oneScore('ablate.cause')(m),
  run: analyzeAblate,
};
