import { type Matrix, outputWidth } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { type AnalysisFamily, type Design, needsDiscreteOutput, oneScore } from '../family.js';
import { type OutputVariable, outputVariables, readVariable } from '../outputs.js';
import { fitTree, predictTree } from '../tree/cart.js';
import { allUnavailable, clamp01, type FamilyResult, meanOf } from '../types.js';
import { hiddenSites } from '../units.js';

/** Tree depth (simulatability: a person can follow four questions). */
export const TREE_DEPTH = 4;
/** Units the tree may read, chosen per output by correlation with it on train. */
export const TREE_UNITS = 8;
/** Most output variables described per cell. */
export const MAX_DESCRIBED_OUTPUTS = 8;
/** Most classes of one class output described (one yes/no decision each, the most predicted first). */
export const MAX_DESCRIBED_CLASSES = 8;

/** Labels of one output variable in every row. */
function labelsOf(m: Matrix, v: OutputVariable): Int32Array {
  return Int32Array.from({ length: m.rows }, (_, i) => readVariable(m, i, v));
}

/** One yes/no decision of an output variable: its value is `value` (a class) or the bit is set. */
interface Decision {
  readonly name: string;
  readonly value: number;
}

/**
 * The yes/no decisions an output variable makes: a bit is one; a class output is one per class
 * ("is the answer c?"), so a k-way answer does not need k tree levels. Classes are taken in order of
 * how often the substrate predicts them on train (at most MAX_DESCRIBED_CLASSES).
 */
export function outputDecisions(v: OutputVariable, trainLabels: Int32Array): Decision[] {
  if (v.kind !== 'class') return [{ name: v.name, value: 1 }];
  const counts = new Map<number, number>();
  for (const l of trainLabels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_DESCRIBED_CLASSES)
    .map(([value]) => ({ name: `${v.name}=${value}`, value }));
}

/** 1 where the labels equal the decision's value, else 0. */
function decisionLabels(labels: Int32Array, d: Decision): Int32Array {
  return labels.map((l) => (l === d.value ? 1 : 0));
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

/** One described decision: where its tree reads, what it reproduces and how well. */
interface DescribedDecision {
  decision: string;
  site: string;
  units: number[];
  agreement: number;
  majority: number;
  /** Agreement of the same tree on the raw inputs. */
  input: number;
  fidelity: number;
}

/**
 * describe.fidelity: each class or binary output variable is split into yes/no decisions (one per
 * bit; one per class, "is the answer c?"). For each decision a depth-4 decision tree over the 8 units
 * most correlated with the substrate's own decision (on train) is trained to reproduce it; the site
 * (an output layer excluded: reading the logits reproduces them trivially) is chosen on the
 * validation part of train; fidelity on test is normalised so the best constant guess scores 0:
 * (agreement − majority rate) / (1 − majority rate). Mean over decisions, then over output variables.
 */
export async function analyzeDescribe(ctx: AnalysisContext): Promise<FamilyResult> {
  const id = 'describe.fidelity';
  if (!ctx.can('observe')) return allUnavailable([id], 'substrate cannot be observed');
  const variables = outputVariables(ctx.task.heads)
    .filter((v) => v.kind !== 'real')
    .slice(0, MAX_DESCRIBED_OUTPUTS);
  if (variables.length === 0) return allUnavailable([id], 'no class or binary output to describe');
  const sites = hiddenSites(ctx.sites(), outputWidth(ctx.task.heads));
  const [trainStates, testStates] = await Promise.all([ctx.splitStates('train'), ctx.splitStates('test')]);
  const trainPredicted = await ctx.trainPredictions();
  const testPredicted = await ctx.testPredictions();
  const allTrain = Array.from({ length: ctx.train.inputs.rows }, (_, i) => i);
  const allTest = Array.from({ length: ctx.test.inputs.rows }, (_, i) => i);
  const perOutput: Array<{ output: string; fidelity: number; decisions: DescribedDecision[] }> = [];
  let describedByInputs = 0;
  for (const v of variables) {
    const trainValues = labelsOf(trainPredicted, v);
    const testValues = labelsOf(testPredicted, v);
    const decisions: DescribedDecision[] = [];
    for (const d of outputDecisions(v, trainValues)) {
      const trainLabels = decisionLabels(trainValues, d);
      const testLabels = decisionLabels(testValues, d);
      const refittedAgreement = (train: Matrix, test: Matrix) => {
        const units = topCorrelatedUnits(train, trainLabels, allTrain, TREE_UNITS);
        const agreement = treeAgreement(
          { states: train, labels: trainLabels, rows: allTrain },
          { states: test, labels: testLabels, rows: allTest },
          units,
        );
        return { units, agreement };
      };
      const positives = testLabels.reduce((n, l) => n + l, 0);
      const majority = Math.max(positives, testLabels.length - positives) / testLabels.length;
      // A decision the substrate never varies on test has nothing to describe.
      if (majority >= 1) continue;
      let best: { site: string; validation: number } | undefined;
      for (const site of sites) {
        const states = trainStates[site]!;
        const units = topCorrelatedUnits(states, trainLabels, ctx.fitRows, TREE_UNITS);
        const validation = treeAgreement(
          { states, labels: trainLabels, rows: ctx.fitRows },
          { states, labels: trainLabels, rows: ctx.validationRows },
          units,
        );
        if (!best || validation > best.validation) best = { site, validation };
      }
      if (!best) continue;
      const agreement = refittedAgreement(trainStates[best.site]!, testStates[best.site]!);
      // The same tree on the raw inputs: what a description needs no substrate state for.
      const input = refittedAgreement(ctx.train.inputs, ctx.test.inputs);
      const base = Math.max(majority, input.agreement);
      if (base >= 1) {
        describedByInputs++;
        continue;
      }
      decisions.push({
        decision: d.name,
        site: best.site,
        units: agreement.units,
        agreement: agreement.agreement,
        majority,
        input: input.agreement,
        fidelity: clamp01((agreement.agreement - base) / (1 - base)),
      });
    }
    if (decisions.length > 0)
      perOutput.push({ output: v.name, fidelity: meanOf(decisions.map((o) => o.fidelity)), decisions });
  }
  if (perOutput.length === 0)
    return allUnavailable(
      [id],
      describedByInputs > 0
        ? 'a depth-4 tree on the raw inputs already reproduces every decision exactly: no substrate state adds to that description'
        : "the substrate's outputs are constant on the test examples: nothing to describe",
    );
  return {
    metrics: { [id]: meanOf(perOutput.map((o) => o.fidelity)) },
    unavailable: {},
    raw: { [id]: { depth: TREE_DEPTH, outputs: perOutput } },
  };
}

/** describe: a small decision tree over a few units reproduces the substrate's own decisions. */
export const describeFamily: AnalysisFamily = {
  id: 'describe',
  metrics: [
    {
      id: 'describe.fidelity',
      needs: ['observe'],
      applies: (d: Design) =>
        needsDiscreteOutput(d) ??
        (hiddenSites(d.sites, d.outputWidth).length
          ? null
          : 'the substrate has no site but its output layer'),
    },
  ],
  inIndex: true,
  score: oneScore('describe.fidelity'),
  run: analyzeDescribe,
};
