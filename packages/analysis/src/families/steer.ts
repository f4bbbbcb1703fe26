import { type Matrix, outputWidth, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { type AnalysisFamily, type Design, needsDiscreteOutput, oneScore } from '../family.js';
import { classProbabilities, type OutputVariable, outputVariables, readVariable } from '../outputs.js';
import { allUnavailable, clamp01, type FamilyResult, medianOf } from '../types.js';
import { steerableSites } from '../units.js';
import { meanDifference, randomDirection, sdScaledVector, siteSd } from './steer-vector.js';

const IDS = ['steer.success', 'steer.preserve'];
/**
 * Coefficients tried, in per-unit standard deviations of the site: the added vector moves the site's
 * units by this many of their own standard deviations (root mean square over units).
 */
export const STEER_COEFFICIENTS_SD = [0.125, 0.25, 0.5, 1, 2, 4, 8];

/**
 * Random directions the steering vector is checked against. A kick big enough to saturate the
 * outputs lands every example on one class whatever its direction; against one random direction, a
 * net the kick saturates scores 1 whenever the learned direction happens to land on A and the random
 * one does not (an untrained net on about half of its two-class cells at the standard sizes). Against
 * the luckiest of four, that takes four misses in a row (1 in 16 for two classes).
 */
export const STEER_CONTROL_DIRECTIONS = 4;

/**
 * Largest share of held-out predictions the equal-norm random directions may change, on average, at
 * a coefficient that is tried. Beyond it the kick disrupts the network whatever its direction: it
 * saturates the outputs onto one class, and with k classes four random kicks all miss the learned
 * direction's class with probability ((k − 1)/k)⁴, a coin toss read as steering. Not lower: on a
 * site of few units any kick big enough to steer has a large share along the decision direction, so
 * a random one of the same size changes some predictions (the planted glass box, exactly steerable,
 * scored 0.78 with a bound of 0.1 at the standard sizes).
 */
export const MAX_CONTROL_DISRUPTION = 0.5;

/** Where and how hard to steer, chosen on held-out data, and the vector at that coefficient. */
interface SteerChoice {
  site: string;
  coefficientSd: number;
  vector: Float32Array;
  /** Equal-norm vectors in seeded random directions: the controls. */
  controls: Float32Array[];
}

/**
 * Fewest examples steered on test for steer.success to be scored: with fewer, one example moves a
 * share by more than the smallest effect of interest (0.10), and a share of 4 of 4 against 0 of 4 is
 * noise read as a full effect.
 */
export const MIN_STEERED_EXAMPLES = 10;

/**
 * The steered share's excess over the largest share of its equal-norm random controls, s − max r, at
 * least 0. Not divided by 1 − r: when a random kick alone already moves almost every example (229 of
 * 230), the one example left would turn a difference of 0.004 into a full score.
 */
export function excessOverControl(steeredShare: number, controlShares: readonly number[]): number {
  return clamp01(steeredShare - Math.max(0, ...controlShares));
}

/** steer.success from the test counts: the excess over the controls, 0 under MIN_STEERED_EXAMPLES. */
export function steerSuccess(steered: number, byControls: readonly number[], examples: number): number {
  return examples < MIN_STEERED_EXAMPLES
    ? 0
    : excessOverControl(
        steered / examples,
        byControls.map((n) => n / examples),
      );
}

/** How one added vector moved the held-out examples it was applied to. */
interface SteerOutcome {
  /** Share moved to the target outcome. */
  share: number;
  /** Share whose prediction changed at all. */
  changed: number;
}

/** Mean share of predictions the controls changed: above MAX_CONTROL_DISRUPTION the kick is not admissible. */
export function controlDisruption(changedShares: readonly number[]): number {
  return changedShares.reduce((sum, changed) => sum + changed, 0) / Math.max(1, changedShares.length);
}

/** `act` on each item in turn (a substrate is read by one intervention at a time), results in order. */
async function inTurn<T, R>(items: readonly T[], act: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await act(item));
  return results;
}

const NO_ADMISSIBLE_KICK = `at every site and coefficient, equal-norm random directions change more than ${MAX_CONTROL_DISRUPTION} of the held-out predictions`;

/** An applicable steer that found nothing to steer with: 0, with the reason. */
function nothingSteered(reason: string): FamilyResult {
  return {
    metrics: { 'steer.success': 0, 'steer.preserve': 0 },
    unavailable: {},
    raw: { 'steer.success': { reason }, 'steer.preserve': { reason } },
  };
}

/**
 * ActAdd steering (Turner et al. 2023) with a mean-difference vector between two conditions, added
 * at one site: never the output layer nor a site one linear map before the readout (see
 * steerableSites). The vector is rescaled so the site's units move by c of their standard deviations
 * (root mean square over units, c in 0.125 … 8); the site and c are chosen on data that is not
 * scored. The same change is made along STEER_CONTROL_DIRECTIONS equal-norm seeded random directions;
 * a site and c are admissible only where those change at most MAX_CONTROL_DISRUPTION of the held-out
 * predictions (0 when none is), and steer.success is the steered share's excess over the largest
 * random one's, s − max r (at least 0), scored on at least MIN_STEERED_EXAMPLES test examples (0 with
 * fewer).
 * gridworld: the cheese vector (mean state with cheese − without) is subtracted; s = share of
 * decision squares where the unsteered policy stepped toward the cheese and the steered one steps
 * toward the default goal (site, c and vector from one half of the test examples, scored on the other).
 * Elsewhere: the class-conditional vector (mean state of training examples of the most common target
 * value A − mean state of those of every other value) is added to examples predicted other than A;
 * s = share now predicted A (vector from the fitting part of train, site and c chosen on its
 * validation part, scored on test).
 * steer.preserve = success × share of the other outputs left unchanged (1 when there is none).
 */
export async function analyzeSteer(ctx: AnalysisContext): Promise<FamilyResult> {
  return ctx.task.structure.domain === 'gridworld' ? steerGridworld(ctx) : steerConditions(ctx);
}

function sitesOf(ctx: AnalysisContext): string[] {
  const parameters = ctx.can('parameters') ? ctx.substrate.parameters() : [];
  return steerableSites(ctx.sites(), parameters, outputWidth(ctx.task.heads));
}

/**
 * Among the admissible sites and coefficients (the random controls change at most
 * MAX_CONTROL_DISRUPTION of the held-out predictions), the first one whose steered share most exceeds
 * its controls' (see excessOverControl), with the control vectors; undefined when none is admissible.
 */
export async function chooseSteer(
  ctx: Pick<AnalysisContext, 'rng'>,
  sites: readonly string[],
  directionAt: (site: string) => { direction: Float32Array; sd: Float64Array },
  outcome: (site: string, vector: Float32Array) => Promise<SteerOutcome>,
): Promise<SteerChoice | undefined> {
  let best: (SteerChoice & { value: number }) | undefined;
  for (const site of sites) {
    const { direction, sd } = directionAt(site);
    const rng = ctx.rng(`steer.control.${site}`);
    for (const c of STEER_COEFFICIENTS_SD) {
      const vector = sdScaledVector(direction, sd, c);
      // Forked at every coefficient, run or not, so each coefficient's controls stay the same.
      const controlRng = rng.fork(c);
      let steeredShare: number | undefined;
      if (best) {
        // The excess over the controls is at most the steered share, so a share no better than the
        // best so far cannot be chosen, whatever the controls do: they are not run.
        steeredShare = (await outcome(site, vector)).share;
        if (steeredShare <= best.value) continue;
      }
      const controls = Array.from({ length: STEER_CONTROL_DIRECTIONS }, (_, k) =>
        randomDirection(vector, controlRng.fork(k)),
      );
      const byControls = await inTurn(controls, (control) => outcome(site, control));
      if (controlDisruption(byControls.map((c) => c.changed)) > MAX_CONTROL_DISRUPTION) continue;
      steeredShare ??= (await outcome(site, vector)).share;
      const value = excessOverControl(
        steeredShare,
        byControls.map((c) => c.share),
      );
      if (!best || value > best.value) best = { site, coefficientSd: c, vector, controls, value };
    }
  }
  return best;
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
  const before = await ctx.testPredictions();
  const pCheese = (m: Matrix, k: number, i: number) =>
    classProbabilities(m, k, action)[pairs.towardCheese[at(i)]!]!;
  const steered = (site: string, vector: Float32Array, rows: readonly number[]) =>
    ctx.intervene(takeRows(ctx.test.inputs, rows), { kind: 'add', site, vector, scale: -1 });
  const chooseRows = decision(choose);
  const sites = sitesOf(ctx);
  if (sites.length === 0) return allUnavailable(IDS, 'the substrate has no site to steer');
  const choice = await chooseSteer(
    ctx,
    sites,
    (site) => ({
      direction: meanDifference(withStates[site]!, choose, withoutStates[site]!, choose),
      sd: siteSd(withStates[site]!, choose),
    }),
    async (site, vector) => {
      const after = await steered(site, vector, chooseRows);
      let flipped = 0;
      let towardCheese = 0;
      chooseRows.forEach((i, k) => {
        if (readVariable(before, i, action) !== pairs.towardCheese[at(i)]) return;
        towardCheese++;
        if (readVariable(after, k, action) === pairs.towardDefault[at(i)]) flipped++;
      });
      return {
        share: towardCheese ? flipped / towardCheese : 0,
        changed: changedShare(after, before, chooseRows, action),
      };
    },
  );
  if (choice === undefined) return nothingSteered(NO_ADMISSIBLE_KICK);
  const after = await steered(choice.site, choice.vector, report);
  const afterControls = await inTurn(choice.controls, (control) => steered(choice.site, control, report));
  const pBefore: number[] = [];
  const pAfter: number[] = [];
  let towardCheeseBefore = 0;
  let flipped = 0;
  const flippedByControls = choice.controls.map(() => 0);
  const changedByControls = choice.controls.map(() => 0);
  let nonDecision = 0;
  let unchanged = 0;
  report.forEach((i, k) => {
    const was = readVariable(before, i, action);
    const now = readVariable(after, k, action);
    if (pairs.decisionSquare[at(i)] === 1) {
      afterControls.forEach((afterControl, j) => {
        if (readVariable(afterControl, k, action) !== was) changedByControls[j]!++;
      });
      pBefore.push(pCheese(before, i, i));
      pAfter.push(pCheese(after, k, i));
      if (was === pairs.towardCheese[at(i)]) {
        towardCheeseBefore++;
        if (now === pairs.towardDefault[at(i)]) flipped++;
        afterControls.forEach((afterControl, j) => {
          if (readVariable(afterControl, k, action) === pairs.towardDefault[at(i)]) flippedByControls[j]!++;
        });
      }
    } else {
      nonDecision++;
      if (now === was) unchanged++;
    }
  });
  const steeredShare = towardCheeseBefore ? flipped / towardCheeseBefore : 0;
  const controlShares = flippedByControls.map((n) => (towardCheeseBefore ? n / towardCheeseBefore : 0));
  const success = steerSuccess(flipped, flippedByControls, towardCheeseBefore);
  const unchangedRate = nonDecision ? unchanged / nonDecision : 1;
  const raw = {
    site: choice.site,
    coefficientSd: choice.coefficientSd,
    vector: Array.from(choice.vector),
    pBefore,
    pAfter,
    medianBefore: medianOf(pBefore),
    medianAfter: medianOf(pAfter),
    decisionSquares: pBefore.length,
    towardCheeseBefore,
    steeredShare,
    controlShare: Math.max(...controlShares),
    controlShares,
    controlDisruption: controlDisruption(changedByControls.map((n) => n / Math.max(1, pBefore.length))),
    nonDecisionSquares: nonDecision,
    unchangedRate,
  };
  return {
    metrics: { 'steer.success': success, 'steer.preserve': success * unchangedRate },
    unavailable: {},
    raw: { 'steer.success': raw, 'steer.preserve': raw },
  };
}

/**
 * Share of the intervened rows whose variable `v` changed: row k of `after` is row rows[k] of
 * `before`, the unintervened predictions.
 */
function changedShare(after: Matrix, before: Matrix, rows: readonly number[], v: OutputVariable): number {
  let changed = 0;
  rows.forEach((i, k) => {
    if (readVariable(after, k, v) !== readVariable(before, i, v)) changed++;
  });
  return rows.length ? changed / rows.length : 0;
}

/** Rows of `m` whose variable `v` reads `value`. */
function rowsWhere(m: Matrix, rows: readonly number[], v: OutputVariable, value: number): number[] {
  return rows.filter((i) => readVariable(m, i, v) === value);
}

/** Rows of `m` whose variable `v` reads anything but `value`. */
function rowsWhereNot(m: Matrix, rows: readonly number[], v: OutputVariable, value: number): number[] {
  return rows.filter((i) => readVariable(m, i, v) !== value);
}

async function steerConditions(ctx: AnalysisContext): Promise<FamilyResult> {
  const variables = outputVariables(ctx.task.heads);
  const steeredVariable = variables.find((v) => v.kind !== 'real')!;
  const trainTargets = ctx.train.targets;
  const counts = new Map<number, number>();
  for (let i = 0; i < trainTargets.rows; i++) {
    const t = readVariable(trainTargets, i, steeredVariable);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const ranked = [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([v]) => v);
  if (ranked.length < 2) return allUnavailable(IDS, `output '${steeredVariable.name}' takes one value only`);
  const a = ranked[0]!;
  const trainStates = await ctx.splitStates('train');
  const trainPredicted = await ctx.trainPredictions();
  const before = await ctx.testPredictions();
  const allTest = Array.from({ length: before.rows }, (_, i) => i);
  // The condition steered from is every other answer: with many near-equal classes (modadd) one
  // other class alone leaves a handful of test examples to steer.
  const rowsA = rowsWhere(trainTargets, ctx.fitRows, steeredVariable, a);
  const rowsOther = rowsWhereNot(trainTargets, ctx.fitRows, steeredVariable, a);
  const validationSource = rowsWhereNot(trainPredicted, ctx.validationRows, steeredVariable, a);
  const testSource = rowsWhereNot(before, allTest, steeredVariable, a);
  const others = variables.filter((v) => v !== steeredVariable);
  const apply = (site: string, vector: Float32Array, inputs: Matrix, rows: readonly number[]) =>
    ctx.intervene(takeRows(inputs, rows), { kind: 'add', site, vector });
  const hitsToA = (after: Matrix) => {
    let hit = 0;
    for (let k = 0; k < after.rows; k++) if (readVariable(after, k, steeredVariable) === a) hit++;
    return hit;
  };
  const outcomeOnValidation = (after: Matrix): SteerOutcome => ({
    share: hitsToA(after) / after.rows,
    changed: changedShare(after, trainPredicted, validationSource, steeredVariable),
  });
  const sites = sitesOf(ctx);
  if (sites.length === 0) return allUnavailable(IDS, 'the substrate has no site to steer');
  if (
    validationSource.length === 0 ||
    testSource.length === 0 ||
    rowsA.length === 0 ||
    rowsOther.length === 0
  )
    return nothingSteered(
      `the substrate predicts ${steeredVariable.name} = ${a} on every held-out example, so nothing could be steered`,
    );
  const choice = await chooseSteer(
    ctx,
    sites,
    (site) => ({
      direction: meanDifference(trainStates[site]!, rowsA, trainStates[site]!, rowsOther),
      sd: siteSd(trainStates[site]!, ctx.fitRows),
    }),
    async (site, vector) =>
      outcomeOnValidation(await apply(site, vector, ctx.train.inputs, validationSource)),
  );
  if (choice === undefined) return nothingSteered(NO_ADMISSIBLE_KICK);
  const after = await apply(choice.site, choice.vector, ctx.test.inputs, testSource);
  const afterControls = await inTurn(choice.controls, (control) =>
    apply(choice.site, control, ctx.test.inputs, testSource),
  );
  const hits = hitsToA(after);
  const controlHits = afterControls.map(hitsToA);
  const controlChanged = afterControls.map((afterControl) =>
    changedShare(afterControl, before, testSource, steeredVariable),
  );
  const steeredShare = hits / testSource.length;
  const controlShares = controlHits.map((n) => n / testSource.length);
  const success = steerSuccess(hits, controlHits, testSource.length);
  let kept = 0;
  let total = 0;
  testSource.forEach((i, k) => {
    for (const v of others) {
      total++;
      if (readVariable(after, k, v) === readVariable(before, i, v)) kept++;
    }
  });
  const unchangedRate = total ? kept / total : 1;
  const raw = {
    site: choice.site,
    coefficientSd: choice.coefficientSd,
    output: steeredVariable.name,
    from: `not ${a}`,
    to: a,
    steered: testSource.length,
    steeredShare,
    controlShare: Math.max(...controlShares),
    controlShares,
    controlDisruption: controlDisruption(controlChanged),
    unchangedRate,
  };
  return {
    metrics: { 'steer.success': success, 'steer.preserve': success * unchangedRate },
    unavailable: {},
    raw: { 'steer.success': raw, 'steer.preserve': raw },
  };
}

/** Steering needs a discrete output and a site that is neither the readout nor one linear map before it. */
function steerApplies(d: Design): string | null {
  const discrete = needsDiscreteOutput(d);
  if (discrete) return discrete;
  return steerableSites(d.sites, d.parameters, d.outputWidth).length
    ? null
    : 'every site is the output layer or one linear map before the readout';
}

/** steer: adding a direction found from two conditions moves the output from one to the other. */
export const steer: AnalysisFamily = {
  id: 'steer',
  metrics: IDS.map((id) => ({ id, needs: ['observe', 'intervene'] as const, applies: steerApplies })),
  inIndex: true,
  // preserve = success · kept already carries success: counting both would weigh success twice.
  score: oneScore('steer.preserve'),
  run: analyzeSteer,
};
