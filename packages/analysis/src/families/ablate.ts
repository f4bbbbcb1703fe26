import { type Matrix, row } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { outputVariables, readVariable, readVariableRow } from '../outputs.js';
import { allUnavailable, type FamilyResult, meanOf } from '../types.js';
import { type LatentUnits, latentUnits } from './localize.js';

/** Most latents intervened on per cell. */
export const MAX_ABLATED_LATENTS = 12;

/** Predictions of the test split, computed once per cell. */
export function testPredictions(ctx: AnalysisContext): Promise<Matrix> {
  return ctx.memo('predict.test', () => ctx.predict(ctx.test.inputs));
}

/** Mean state of the given units over training examples, per latent value. */
export async function conditionalMeans(
  ctx: AnalysisContext,
  found: LatentUnits,
): Promise<Map<number, Float64Array>> {
  const states = (await ctx.splitStates('train'))[found.site]!;
  const values = found.latent.target.train;
  const sums = new Map<number, { sum: Float64Array; n: number }>();
  for (let i = 0; i < states.rows; i++) {
    const v = values[i]!;
    let s = sums.get(v);
    if (!s) {
      s = { sum: new Float64Array(found.needed.length), n: 0 };
      sums.set(v, s);
    }
    found.needed.forEach((u, k) => {
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

/**
 * RAVEL-style cause and isolate. For latent L with units U (the needed prefix of the greedy 4-unit
 * sparse probe), each test
 * example's U states are set to the training mean of U over examples whose L has the counterfactual
 * value L′. The task's causal model says which output variables change when L is forced to L′.
 * cause = share of those dependent outputs that the intervention moved to the counterfactual answer;
 * leak = share of the other outputs whose prediction moved; isolate = cause · (1 − leak), so isolation
 * is only credited in proportion to an effect actually produced (doing nothing isolates nothing).
 * A latent on which every output depends has no leak to measure and is left out of isolate (null
 * when that holds for every latent).
 */
export async function analyzeAblate(ctx: AnalysisContext): Promise<FamilyResult> {
  const ids = ['ablate.cause', 'ablate.isolate'];
  if (!ctx.can('observe') || !ctx.can('intervene'))
    return allUnavailable(ids, 'needs the observe and intervene capabilities');
  const candidates = (await latentUnits(ctx))
    .filter((f) => f.latent.target.kind !== 'continuous')
    .slice(0, MAX_ABLATED_LATENTS);
  if (candidates.length === 0)
    return allUnavailable(ids, 'no decodable binary or categorical latent to intervene on');
  const variables = outputVariables(ctx.task.heads);
  const before = await testPredictions(ctx);
  const inputs = ctx.test.inputs;
  const perLatent: Array<{
    latent: string;
    site: string;
    units: number[];
    cause: number;
    /** Null when every output depends on the latent: nothing is left to leak into. */
    leak: number | null;
    dependent: number;
    independent: number;
  }> = [];
  for (const found of candidates) {
    const means = await conditionalMeans(ctx, found);
    const target = found.latent.target;
    const rows: number[] = [];
    const newValues: number[] = [];
    for (let i = 0; i < inputs.rows; i++) {
      const v = counterfactualValue(target.kind, target.test[i]!, target.categories);
      if (!means.has(v)) continue;
      rows.push(i);
      newValues.push(v);
    }
    if (rows.length === 0) continue;
    const clampValues = new Float32Array(rows.length * found.needed.length);
    rows.forEach((_, k) => {
      clampValues.set(means.get(newValues[k]!)!, k * found.needed.length);
    });
    const subset: Matrix = {
      rows: rows.length,
      cols: inputs.cols,
      data: Float32Array.from(rows.flatMap((i) => Array.from(row(inputs, i)))),
    };
    const after = await ctx.intervene(subset, {
      kind: 'clamp',
      site: found.site,
      units: [...found.needed],
      values: clampValues,
    });
    let dependent = 0;
    let hits = 0;
    let independent = 0;
    let moved = 0;
    rows.forEach((i, k) => {
      const input = row(inputs, i);
      const truth = ctx.task.groundTruth(input).targets;
      const cf = ctx.task.groundTruth(input, new Map([[found.latent.index, newValues[k]!]])).targets;
      for (const v of variables) {
        const t = readVariableRow(truth, v);
        const c = readVariableRow(cf, v);
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
    if (dependent === 0) continue;
    perLatent.push({
      latent: found.latent.name,
      site: found.site,
      units: [...found.needed],
      cause: hits / dependent,
      leak: independent === 0 ? null : moved / independent,
      dependent,
      independent,
    });
  }
  if (perLatent.length === 0)
    return allUnavailable(ids, 'no output depends on any decodable latent on the test examples');
  const raw = { latents: perLatent };
  const isolated = perLatent.flatMap((l) => (l.leak === null ? [] : [l.cause * (1 - l.leak)]));
  return {
    metrics: {
      'ablate.cause': meanOf(perLatent.map((l) => l.cause)),
      'ablate.isolate': isolated.length ? meanOf(isolated) : null,
    },
    unavailable: isolated.length
      ? {}
      : {
          'ablate.isolate':
            'every output depends on each intervened latent on the test examples: there is no unrelated output to leave unchanged',
        },
    raw: isolated.length ? { 'ablate.cause': raw, 'ablate.isolate': raw } : { 'ablate.cause': raw },
  };
}
