import { fromRows, type Matrix, type ParameterView, type UnitGroup } from '@scrutable/core';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import type { AnalysisContext } from '../context.js';
import { outputVariables, readVariable } from '../outputs.js';
import { allUnavailable, type FamilyResult, meanOf } from '../types.js';

const IDS = ['edit.efficacy', 'edit.generalization', 'edit.specificity', 'edit.score'];
/** Facts edited per cell. */
export const EDITS_PER_CELL = 6;
/** Neighbourhood facts checked per edit. */
export const NEIGHBOURS_PER_EDIT = 10;
/** Step sizes tried for the target value, as multiples of the mean-difference direction. */
const VALUE_STEPS = [1, 2, 4, 8];
/** Ridge added to the key covariance, relative to its mean diagonal (keeps C invertible). */
const COVARIANCE_RIDGE = 1e-3;

/**
 * The matrix to edit, ROME-style: one whose `from` is a readable site (or the input) and whose `to` is
 * a readable site, with shapes matching the two sites; views reading a site are preferred to views reading the input, and a view writing
 * into the last site (the output layer) is used only when nothing else qualifies.
 */
export function chooseEditView(
  views: readonly ParameterView[],
  groups: readonly UnitGroup[],
  inputWidth: number,
): ParameterView | undefined {
  const size = new Map(groups.map((g) => [g.site, g.size]));
  size.set('input', inputWidth);
  const last = groups[groups.length - 1]?.site;
  // The key and value spaces must be the sites' whole state vectors for ΔW k = δ to hold there.
  const ok = views.filter(
    (v) =>
      v.from !== undefined &&
      v.cols > 1 &&
      size.get(v.from) === v.cols &&
      v.to !== 'input' &&
      size.get(v.to) === v.rows,
  );
  const rank = (v: ParameterView) => (v.from === 'input' ? 1 : 0) + (v.to === last ? 2 : 0);
  return [...ok].sort((a, b) => rank(a) - rank(b))[0];
}

/** ROME's update direction: C⁻¹k / (kᵀC⁻¹k), so that ΔW k = u and keys unlike k move little. */
export function romeKeyDirection(covariance: MlMatrix, key: Float64Array): Float32Array {
  const ck = solve(covariance, MlMatrix.columnVector(Array.from(key))).getColumn(0);
  let denom = 0;
  for (let i = 0; i < key.length; i++) denom += key[i]! * ck[i]!;
  return Float32Array.from(ck, (x) => x / denom);
}

/** Uncentred key covariance E[k kᵀ] over the rows, plus a small ridge. */
export function keyCovariance(keys: Matrix): MlMatrix {
  const d = keys.cols;
  const c = new MlMatrix(d, d);
  for (let r = 0; r < keys.rows; r++)
    for (let i = 0; i < d; i++) {
      const ki = keys.data[r * d + i]!;
      if (ki === 0) continue;
      for (let j = 0; j < d; j++) c.set(i, j, c.get(i, j) + (ki * keys.data[r * d + j]!) / keys.rows);
    }
  let trace = 0;
  for (let i = 0; i < d; i++) trace += c.get(i, i);
  const ridge = COVARIANCE_RIDGE * Math.max(trace / d, 1e-6);
  for (let i = 0; i < d; i++) c.set(i, i, c.get(i, i) + ridge);
  return c;
}

/**
 * ROME on the facts domain. For each edited fact (entity, relation) -> new attribute a′: the key k* is
 * the from-site state of the query in paraphrase 0; C = E[k kᵀ] over training inputs; the value
 * change δ is the smallest of α·(mean to-site state of training queries whose answer is a′ − the
 * query's own to-site state), α in 1, 2, 4, 8, that makes the output a′ when added at the to-site
 * (checked with `intervene`); then ΔW = δ (C⁻¹k*)ᵀ / (k*ᵀC⁻¹k*) is applied and later undone.
 * efficacy: a′ wins on the edited query; generalization: on its other paraphrases; specificity:
 * neighbourhood facts keep their answers; score: harmonic mean of the three.
 */
export async function analyzeEdit(ctx: AnalysisContext): Promise<FamilyResult> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'facts')
    return allUnavailable(
      IDS,
      `rank-one fact editing needs the facts domain's key-value structure (this is ${structure.domain})`,
    );
  for (const cap of ['observe', 'intervene', 'parameters', 'edit'] as const)
    if (!ctx.can(cap)) return allUnavailable(IDS, `needs the ${cap} capability`);
  const variable = outputVariables(ctx.task.heads).find(
    (v) => v.kind === 'class' && v.size === structure.attributes,
  );
  if (!variable) return allUnavailable(IDS, 'no class head with one score per attribute');
  const view = chooseEditView(ctx.substrate.parameters(), ctx.sites(), ctx.substrate.inputWidth);
  if (!view)
    return allUnavailable(IDS, 'no parameter matrix maps one readable site (or the input) to another');
  const from = view.from!;
  const trainStates = await ctx.splitStates('train');
  const trainKeys = from === 'input' ? ctx.train.inputs : trainStates[from]!;
  const covariance = keyCovariance(trainKeys);
  const valueStates = trainStates[view.to]!;
  const rng = ctx.rng('edit.facts');
  const factOrder = rng.permutation(structure.facts.length).slice(0, EDITS_PER_CELL);
  const perEdit: Array<{
    fact: number;
    newAttribute: number;
    step: number | null;
    efficacy: number | null;
    generalization: number | null;
    specificity: number | null;
  }> = [];
  for (const factIndex of factOrder) {
    const fact = structure.facts[factIndex]!;
    let newAttribute = rng.int(structure.attributes - 1);
    if (newAttribute >= fact.attribute) newAttribute++;
    const answerRows: number[] = [];
    for (let i = 0; i < ctx.train.targets.rows; i++)
      if (readVariable(ctx.train.targets, i, variable) === newAttribute) answerRows.push(i);
    if (answerRows.length === 0) continue;
    const paraphrases = fromRows(
      Array.from({ length: structure.paraphrases }, (_, p) =>
        structure.encode(fact.entity, fact.relation, p),
      ),
    );
    const neighbours = structure
      .neighbourhood(factIndex)
      .slice(0, NEIGHBOURS_PER_EDIT)
      .map((n) => structure.facts[n]!);
    const neighbourInputs =
      neighbours.length > 0
        ? fromRows(neighbours.map((n) => structure.encode(n.entity, n.relation, 0)))
        : undefined;
    const queryStates = await ctx.observe(paraphrases);
    const keys = from === 'input' ? paraphrases : queryStates[from]!;
    const key = Float64Array.from(keys.data.subarray(0, view.cols));
    const current = queryStates[view.to]!.data.subarray(0, view.rows);
    const direction = new Float32Array(view.rows);
    for (const r of answerRows)
      for (let j = 0; j < view.rows; j++)
        direction[j]! += valueStates.data[r * view.rows + j]! / answerRows.length;
    for (let j = 0; j < view.rows; j++) direction[j]! -= current[j]!;
    const query = fromRows([paraphrases.data.subarray(0, paraphrases.cols)]);
    let step: number | null = null;
    for (const alpha of VALUE_STEPS) {
      const out = await ctx.intervene(query, { kind: 'add', site: view.to, vector: direction, scale: alpha });
      if (readVariable(out, 0, variable) === newAttribute) {
        step = alpha;
        break;
      }
    }
    const delta = direction.map((x) => x * (step ?? VALUE_STEPS[VALUE_STEPS.length - 1]!));
    const neighboursBefore = neighbourInputs ? await ctx.predict(neighbourInputs) : undefined;
    const paraphrasesBefore = await ctx.predict(paraphrases);
    // Queries already answered a′ before the edit say nothing about it and are not counted.
    const counts = (p: number) => readVariable(paraphrasesBefore, p, variable) !== newAttribute;
    const original = view.read();
    ctx.substrate.applyEdit({ name: view.name, u: delta, v: romeKeyDirection(covariance, key) });
    try {
      const after = await ctx.predict(paraphrases);
      const efficacy = !counts(0) ? null : readVariable(after, 0, variable) === newAttribute ? 1 : 0;
      const others = Array.from({ length: after.rows - 1 }, (_, p) => p + 1)
        .filter(counts)
        .map((p) => (readVariable(after, p, variable) === newAttribute ? 1 : 0));
      let specificity: number | null = null;
      if (neighbourInputs && neighboursBefore) {
        const neighboursAfter = await ctx.predict(neighbourInputs);
        let kept = 0;
        for (let i = 0; i < neighbourInputs.rows; i++)
          if (readVariable(neighboursAfter, i, variable) === readVariable(neighboursBefore, i, variable))
            kept++;
        specificity = kept / neighbourInputs.rows;
      }
      perEdit.push({
        fact: factIndex,
        newAttribute,
        step,
        efficacy,
        generalization: others.length ? meanOf(others) : null,
        specificity,
      });
    } finally {
      const now = ctx.substrate
        .parameters()
        .find((v) => v.name === view.name)!
        .read();
      ctx.substrate.applyEdit({ name: view.name, delta: original.map((x, i) => x - now[i]!) });
    }
  }
  if (perEdit.length === 0)
    return allUnavailable(IDS, 'no edit could be set up (no training query has the new attribute)');
  const eff = perEdit.flatMap((e) => (e.efficacy === null ? [] : [e.efficacy]));
  const efficacy = eff.length ? meanOf(eff) : null;
  const gen = perEdit.flatMap((e) => (e.generalization === null ? [] : [e.generalization]));
  const spec = perEdit.flatMap((e) => (e.specificity === null ? [] : [e.specificity]));
  const generalization = gen.length ? meanOf(gen) : null;
  const specificity = spec.length ? meanOf(spec) : null;
  const parts = [efficacy, generalization, specificity].filter((x): x is number => x !== null);
  const score = parts.some((x) => x === 0) ? 0 : parts.length / parts.reduce((s, x) => s + 1 / x, 0);
  const raw = { view: view.name, from, to: view.to, edits: perEdit };
  const result: FamilyResult = {
    metrics: {
      'edit.efficacy': efficacy,
      'edit.generalization': generalization,
      'edit.specificity': specificity,
      'edit.score': score,
    },
    unavailable: {},
    raw: { 'edit.score': raw },
  };
  if (generalization === null)
    result.unavailable['edit.generalization'] = 'the task has a single paraphrase per query';
  if (specificity === null) result.unavailable['edit.specificity'] = 'the edited facts have no neighbourhood';
  return result;
}
