import type { Matrix } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { type OutputVariable, outputVariables, readVariable } from '../outputs.js';
import { fitTree, predictTree } from '../tree/cart.js';
import { allUnavailable, clamp01, type FamilyResult, meanOf } from '../types.js';
import { testPredictions } from './ablate.js';

/** Tree depth (simulatability: a person can follow four questions). */
export const TREE_DEPTH = 4;
/** Units the tree may read, chosen per output by correlation with it on train. */
export const TREE_UNITS = 8;
/** Most output variables described per cell. */
export const MAX_DESCRIBED_OUTPUTS = 8;

/** Labels of one output variable in every row. */
function labelsOf(m: Matrix, v: OutputVariable): Int32Array {
  return Int32Array.from({ length: m.rows }, (_, i) => readVariable(m, i, v));
}

/** The k units whose states correlate most (in absolute value) with any label indicator, on `rows`. */
export function topCorrelatedUnits(
  states: Matrix,
  labels: Int32Array,
  rows: readonly number[],
  k: number,
): number[] {
  const classes = [...new Set(rows.map((r) => labels[r]!))];
  const scores = new Float64Array(states.cols);
  const n = rows.length;
  for (let u = 0; u < states.cols; u++) {
    let mx = 0;
    for (const r of rows) mx += states.data[r * states.cols + u]! / n;
    let sxx = 0;
    for (const r of rows) sxx += (states.data[r * states.cols + u]! - mx) ** 2;
    if (sxx <= 1e-12) continue;
    for (const c of classes) {
      let my = 0;
      for (const r of rows) my += (labels[r] === c ? 1 : 0) / n;
      let sxy = 0;
      let syy = 0;
      for (const r of rows) {
        const y = (labels[r] === c ? 1 : 0) - my;
        sxy += (states.data[r * states.cols + u]! - mx) * y;
        syy += y * y;
      }
      if (syy > 0) scores[u] = Math.max(scores[u]!, Math.abs(sxy) / Math.sqrt(sxx * syy));
    }
  }
  return Array.from({ length: states.cols }, (_, u) => u)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, Math.min(k, states.cols));
}

function featureRows(states: Matrix, units: readonly number[], rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * units.length);
  rows.forEach((r, i) => {
    units.forEach((u, j) => {
      out[i * units.length + j] = states.data[r * states.cols + u]!;
    });
  });
  return out;
}

/** Agreement of a depth-4 tree on `units` fitted on trainRows, measured on evalRows of (states, labels). */
function treeAgreement(
  fit: { states: Matrix; labels: Int32Array; rows: readonly number[] },
  evaluate: { states: Matrix; labels: Int32Array; rows: readonly number[] },
  units: readonly number[],
): number {
  const x = featureRows(fit.states, units, fit.rows);
  const y = Int32Array.from(fit.rows, (r) => fit.labels[r]!);
  const tree = fitTree(x, units.length, y, { maxDepth: TREE_DEPTH });
  const ex = featureRows(evaluate.states, units, evaluate.rows);
  let agree = 0;
  evaluate.rows.forEach((r, i) => {
    if (predictTree(tree, ex, units.length, i) === evaluate.labels[r]) agree++;
  });
  return agree / evaluate.rows.length;
}

/**
 * describe.fidelity: per output variable, a depth-4 decision tree over the 8 units most correlated
 * with the substrate's own output (on train) is trained to reproduce that output; the site is chosen
 * on the validation part of train; fidelity on test is normalised so the best constant guess scores
 * 0: (agreement − majority rate) / (1 − majority rate). Mean over output variables.
 */
export async function analyzeDescribe(ctx: AnalysisContext): Promise<FamilyResult> {
  const id = 'describe.fidelity';
  if (!ctx.can('observe')) return allUnavailable([id], 'substrate cannot be observed');
  const variables = outputVariables(ctx.task.heads)
    .filter((v) => v.kind !== 'real')
    .slice(0, MAX_DESCRIBED_OUTPUTS);
  if (variables.length === 0) return allUnavailable([id], 'no class or binary output to describe');
  const [trainStates, testStates] = await Promise.all([ctx.splitStates('train'), ctx.splitStates('test')]);
  const trainPredicted = await ctx.memo('predict.train', () => ctx.predict(ctx.train.inputs));
  const testPredicted = await testPredictions(ctx);
  const allTrain = Array.from({ length: ctx.train.inputs.rows }, (_, i) => i);
  const allTest = Array.from({ length: ctx.test.inputs.rows }, (_, i) => i);
  const perOutput: Array<{
    output: string;
    site: string;
    units: number[];
    agreement: number;
    majority: number;
    fidelity: number;
  }> = [];
  for (const v of variables) {
    const trainLabels = labelsOf(trainPredicted, v);
    const testLabels = labelsOf(testPredicted, v);
    const counts = new Map<number, number>();
    for (const l of testLabels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const majority = Math.max(...counts.values()) / testLabels.length;
    if (majority >= 1) continue;
    let best: { site: string; validation: number } | undefined;
    for (const group of ctx.sites()) {
      const states = trainStates[group.site]!;
      const units = topCorrelatedUnits(states, trainLabels, ctx.fitRows, TREE_UNITS);
      const validation = treeAgreement(
        { states, labels: trainLabels, rows: ctx.fitRows },
        { states, labels: trainLabels, rows: ctx.validationRows },
        units,
      );
      if (!best || validation > best.validation) best = { site: group.site, validation };
    }
    if (!best) continue;
    const units = topCorrelatedUnits(trainStates[best.site]!, trainLabels, allTrain, TREE_UNITS);
    const agreement = treeAgreement(
      { states: trainStates[best.site]!, labels: trainLabels, rows: allTrain },
      { states: testStates[best.site]!, labels: testLabels, rows: allTest },
      units,
    );
    perOutput.push({
      output: v.name,
      site: best.site,
      units,
      agreement,
      majority,
      fidelity: clamp01((agreement - majority) / (1 - majority)),
    });
  }
  if (perOutput.length === 0)
    return allUnavailable(
      [id],
      "the substrate's outputs are constant on the test examples: nothing to describe",
    );
  return {
    metrics: { [id]: meanOf(perOutput.map((o) => o.fidelity)) },
    unavailable: {},
    raw: { [id]: { depth: TREE_DEPTH, outputs: perOutput } },
  };
}
