import { type Matrix, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { classProbabilities, outputVariables, readVariable } from '../outputs.js';
import { allUnavailable, type FamilyResult, medianOf } from '../types.js';
import { testPredictions } from './ablate.js';

const IDS = ['steer.success', 'steer.preserve'];
/** Multiples of the cheese vector tried (ActAdd's injection coefficient), chosen with the site. */
export const STEER_SCALES = [1, 2, 4];

/** Mean state difference (rows in `plus` minus rows in `minus`) of one matrix, or of two. */
export function meanDifference(
  plus: Matrix,
  plusRows: readonly number[],
  minus: Matrix,
  minusRows: readonly number[],
): Float32Array {
  const v = new Float64Array(plus.cols);
  for (const r of plusRows)
    for (let j = 0; j < plus.cols; j++) v[j]! += plus.data[r * plus.cols + j]! / plusRows.length;
  for (const r of minusRows)
    for (let j = 0; j < minus.cols; j++) v[j]! -= minus.data[r * minus.cols + j]! / minusRows.length;
  return Float32Array.from(v);
}

/**
 * ActAdd steering: a mean-difference vector between two conditions, added at one site.
 * gridworld: the cheese vector (mean state with cheese − without) is subtracted; success = share of
 * decision squares where the unsteered policy stepped toward the cheese and the steered one steps
 * toward the default goal (site and coefficient 1, 2 or 4 chosen on the other half of the test
 * examples, which also give the vector); preserve = success × share of non-decision squares whose step is unchanged.
 * Elsewhere: the class-conditional vector (mean state for the most common target value A − the next
 * value B) is added to examples predicted B; success = share now predicted A; preserve = success ×
 * share of the other output variables left unchanged. The site is chosen on data not scored.
 */
export async function analyzeSteer(ctx: AnalysisContext): Promise<FamilyResult> {
  if (!ctx.can('observe') || !ctx.can('intervene'))
    return allUnavailable(IDS, 'needs the observe and intervene capabilities');
  return ctx.task.structure.domain === 'gridworld' ? steerGridworld(ctx) : steerConditions(ctx);
}

async function steerGridworld(ctx: AnalysisContext): Promise<FamilyResult> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'gridworld') throw new Error('unreachable');
  const action = outputVariables(ctx.task.heads).find((v) => v.kind === 'class');
  if (!action) return allUnavailable(IDS, 'the gridworld task has no class head for the action');
  const n = ctx.test.inputs.rows;
  const pairs = structure.pairs;
  const withoutCheese = takeRows(pairs.inputsWithoutCheese, ctx.test.rows);
  const at = (i: number) => ctx.test.rows[i]!;
  const order = ctx.rng('steer.halves').permutation(n);
  const choose = order.slice(0, n >> 1).sort((x, y) => x - y);
  const report = order.slice(n >> 1).sort((x, y) => x - y);
  const decision = (rows: readonly number[]) => rows.filter((i) => pairs.decisionSquare[at(i)] === 1);
  if (decision(report).length === 0 || decision(choose).length === 0)
    return allUnavailable(IDS, 'too few decision squares among the test examples');
  const [withStates, withoutStates] = await Promise.all([
    ctx.splitStates('test'),
    ctx.observe(withoutCheese),
  ]);
  const before = await testPredictions(ctx);
  const pCheese = (m: Matrix, k: number, i: number) =>
    classProbabilities(m, k, action)[pairs.towardCheese[at(i)]!]!;
  const steered = async (site: string, scale: number, rows: readonly number[]): Promise<Matrix> => {
    const vector = meanDifference(withStates[site]!, choose, withoutStates[site]!, choose);
    return ctx.intervene(takeRows(ctx.test.inputs, rows), { kind: 'add', site, vector, scale: -scale });
  };
  let best: { site: string; scale: number; median: number } | undefined;
  const chooseRows = decision(choose);
  for (const group of ctx.sites())
    for (const scale of STEER_SCALES) {
      const after = await steered(group.site, scale, chooseRows);
      const median = medianOf(chooseRows.map((i, k) => pCheese(after, k, i)));
      if (!best || median < best.median) best = { site: group.site, scale, median };
    }
  if (best === undefined) return allUnavailable(IDS, 'the substrate has no sites');
  const bestSite = best.site;
  const after = await steered(bestSite, best.scale, report);
  const pBefore: number[] = [];
  const pAfter: number[] = [];
  let towardCheeseBefore = 0;
  let flipped = 0;
  let nonDecision = 0;
  let unchanged = 0;
  report.forEach((i, k) => {
    const was = readVariable(before, i, action);
    const now = readVariable(after, k, action);
    if (pairs.decisionSquare[at(i)] === 1) {
      pBefore.push(pCheese(before, i, i));
      pAfter.push(pCheese(after, k, i));
      if (was === pairs.towardCheese[at(i)]) {
        towardCheeseBefore++;
        if (now === pairs.towardDefault[at(i)]) flipped++;
      }
    } else {
      nonDecision++;
      if (now === was) unchanged++;
    }
  });
  const raw = {
    site: bestSite,
    scale: best.scale,
    pBefore,
    pAfter,
    medianBefore: medianOf(pBefore),
    medianAfter: medianOf(pAfter),
    decisionSquares: pBefore.length,
    towardCheeseBefore,
    flipped,
    nonDecisionSquares: nonDecision,
    unchangedRate: nonDecision ? unchanged / nonDecision : null,
  };
  const result: FamilyResult = { metrics: {}, unavailable: {}, raw: { 'steer.gridworld': raw } };
  if (towardCheeseBefore === 0) {
    for (const id of IDS) {
      result.metrics[id] = null;
      result.unavailable[id] =
        'the policy never steps toward the cheese at a decision square, so there is nothing to retarget';
    }
    return result;
  }
  const success = flipped / towardCheeseBefore;
  result.metrics['steer.success'] = success;
  result.raw['steer.success'] = raw;
  if (nonDecision === 0) {
    result.metrics['steer.preserve'] = null;
    result.unavailable['steer.preserve'] = 'no non-decision square among the reported test examples';
  } else {
    result.metrics['steer.preserve'] = success * (unchanged / nonDecision);
    result.raw['steer.preserve'] = raw;
  }
  return result;
}

async function steerConditions(ctx: AnalysisContext): Promise<FamilyResult> {
  const variables = outputVariables(ctx.task.heads);
  const steeredVariable = variables.find((v) => v.kind !== 'real');
  if (!steeredVariable) return allUnavailable(IDS, 'no class or binary output to steer');
  const trainTargets = ctx.train.targets;
  const counts = new Map<number, number>();
  for (let i = 0; i < trainTargets.rows; i++) {
    const t = readVariable(trainTargets, i, steeredVariable);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const ranked = [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([v]) => v);
  if (ranked.length < 2) return allUnavailable(IDS, `output '${steeredVariable.name}' takes one value only`);
  const [a, b] = [ranked[0]!, ranked[1]!];
  const trainStates = await ctx.splitStates('train');
  const rowsWith = (value: number) =>
    Array.from({ length: trainTargets.rows }, (_, i) => i).filter(
      (i) => readVariable(trainTargets, i, steeredVariable) === value,
    );
  const [rowsA, rowsB] = [rowsWith(a), rowsWith(b)];
  const trainPredicted = await ctx.memo('predict.train', () => ctx.predict(ctx.train.inputs));
  const sourceTrain = rowsB.filter((i) => readVariable(trainPredicted, i, steeredVariable) === b);
  const before = await testPredictions(ctx);
  const sourceTest = Array.from({ length: before.rows }, (_, i) => i).filter(
    (i) => readVariable(before, i, steeredVariable) === b,
  );
  if (sourceTrain.length === 0 || sourceTest.length === 0)
    return allUnavailable(
      IDS,
      `the substrate never predicts ${steeredVariable.name} = ${b}, so there is nothing to steer`,
    );
  const others = variables.filter((v) => v !== steeredVariable);
  const apply = (site: string, inputs: Matrix, rows: readonly number[]) =>
    ctx.intervene(takeRows(inputs, rows), {
      kind: 'add',
      site,
      vector: meanDifference(trainStates[site]!, rowsA, trainStates[site]!, rowsB),
    });
  const successOf = (after: Matrix) => {
    let hit = 0;
    for (let k = 0; k < after.rows; k++) if (readVariable(after, k, steeredVariable) === a) hit++;
    return hit / after.rows;
  };
  let bestSite: string | undefined;
  let bestSuccess = -1;
  for (const group of ctx.sites()) {
    const s = successOf(await apply(group.site, ctx.train.inputs, sourceTrain));
    if (s > bestSuccess) [bestSite, bestSuccess] = [group.site, s];
  }
  if (bestSite === undefined) return allUnavailable(IDS, 'the substrate has no sites');
  const after = await apply(bestSite, ctx.test.inputs, sourceTest);
  const success = successOf(after);
  let kept = 0;
  let total = 0;
  sourceTest.forEach((i, k) => {
    for (const v of others) {
      total++;
      if (readVariable(after, k, v) === readVariable(before, i, v)) kept++;
    }
  });
  const raw = {
    site: bestSite,
    output: steeredVariable.name,
    from: b,
    to: a,
    steered: sourceTest.length,
    unchangedRate: total ? kept / total : null,
  };
  return {
    metrics: { 'steer.success': success, 'steer.preserve': total ? success * (kept / total) : null },
    unavailable: total ? {} : { 'steer.preserve': 'a single output variable: nothing unrelated to preserve' },
    raw: { 'steer.success': raw, ...(total ? { 'steer.preserve': raw } : {}) },
  };
}
