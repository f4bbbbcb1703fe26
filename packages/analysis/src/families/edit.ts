import { fromRows, type Matrix, type ParameterView, row, takeRows, type UnitGroup } from '@scrutable/core';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import type { AnalysisContext } from '../context.js';
import { type AnalysisFamily, type Design, oneScore } from '../family.js';
import { outputVariables, readVariable } from '../outputs.js';
import { allUnavailable, type FamilyResult, meanOf } from '../types.js';
import { isPreactivation } from '../units.js';

const IDS = ['edit.efficacy', 'edit.generalization', 'edit.specificity', 'edit.score'];
/** Facts edited per cell. */
export const EDITS_PER_CELL = 6;
/** Neighbourhood facts checked per edit. */
export const NEIGHBOURS_PER_EDIT = 10;
/** Step sizes tried for the target value, as multiples of the mean-difference direction. */
const VALUE_STEPS = [1, 2, 4, 8];
/** Ridge added to the key covariance, relative to its mean diagonal (keeps C invertible). */
const COVARIANCE_RIDGE = 1e-3;

/** The view to edit, or why no view can be edited ROME-style. */
export type EditViewChoice = { view: ParameterView } | { reason: string };

/**
 * The matrix to edit, ROME-style. ROME's key is a representation the network computed from the
 * subject (a mid-layer MLP activation), so the matrix must read a hidden site: a raw input puts one
 * subject in different slots per paraphrase, and an edit keyed on it cannot reach the other
 * paraphrases. Its `to` site must hold the pre-activation W·from (+ bias), for ΔW k* = δ to land
 * there as δ; a site whose state is, say, a spike count is a nonlinear function of W·from. Both
 * sites' whole state vectors must match the matrix's shape. Among the qualifying views, one that
 * does not write into the last site (the output layer) is preferred, as ROME edits a middle layer.
 */
export function chooseEditView(
  views: readonly ParameterView[],
  groups: readonly UnitGroup[],
): EditViewChoice {
  const size = new Map(groups.map((g) => [g.site, g.size]));
  const state = new Map(groups.map((g) => [g.site, g.state]));
  const last = groups[groups.length - 1]?.site;
  const matrices = views.filter((v) => v.from !== undefined && v.cols > 1);
  if (matrices.length === 0) return { reason: 'the substrate exposes no weight matrix' };
  const keyed = matrices.filter((v) => v.from !== 'input');
  if (keyed.length === 0)
    return {
      reason: `every weight matrix (${matrices.map((v) => v.name).join(', ')}) reads the raw input; ROME's key is a representation the network computed from the subject, which the input is not`,
    };
  // The key and value spaces must be the sites' whole state vectors for ΔW k = δ to hold there.
  const shaped = keyed.filter(
    (v) => size.get(v.from!) === v.cols && v.to !== 'input' && size.get(v.to) === v.rows,
  );
  if (shaped.length === 0)
    return {
      reason: `no weight matrix maps one readable site to another (${keyed
        .map((v) => `${v.name}: ${v.from} -> ${v.to}`)
        .join(', ')})`,
    };
  const linear = shaped.filter((v) => isPreactivation(state.get(v.to) ?? ''));
  if (linear.length === 0)
    return {
      reason: `ΔW·k* = δ lands as δ only at a site holding the pre-activation W·from; ${shaped
        .map((v) => `${v.name} writes ${v.to} (${state.get(v.to)})`)
        .join(', ')}`,
    };
  return { view: linear.find((v) => v.to !== last) ?? linear[0]! };
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

/** One edited fact and what the edit did. */
export interface EditRecord {
  fact: number;
  newAttribute: number;
  /** Paraphrases in the task's training split: their mean key is k*, and efficacy is read on them. */
  keyParaphrases: number[];
  /** Held-out paraphrases: generalization is read on them. */
  heldOutParaphrases: number[];
  /** α of δ = α·(mean to-state of a′ answers − mean to-state of the key paraphrases); null if none worked. */
  step: number | null;
  /**
   * |mean to-state change of the key paraphrases under the edit − δ| / |δ|, read back through
   * `observe`: 0 when ΔW k* = δ lands at the to site as the closed form says.
   */
  landing: number;
  efficacy: number | null;
  generalization: number | null;
  specificity: number | null;
}

/**
 * ROME on the facts domain. For each edited fact (entity, relation) -> new attribute a′: the key k* is
 * the mean from-site state of the fact's paraphrases in the training split (ROME averages the key
 * over prefixed contexts); C = E[k kᵀ] over training inputs; the value change δ is the smallest of
 * α·(mean to-site state of training queries whose answer is a′ − mean to-site state of the key
 * paraphrases), α in 1, 2, 4, 8, that makes the output a′ on every key paraphrase when added at the
 * to-site (checked with `intervene`); then ΔW = δ (C⁻¹k*)ᵀ / (k*ᵀC⁻¹k*) is applied and later undone.
 * efficacy: a′ wins on the key paraphrases; generalization: on the held-out paraphrases, which the
 * edit never saw; specificity: neighbourhood facts keep their answers; score: harmonic mean.
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
  const choice = chooseEditView(ctx.substrate.parameters(), ctx.sites());
  if ('reason' in choice) return allUnavailable(IDS, choice.reason);
  const view = choice.view;
  const from = view.from!;
  const trainStates = await ctx.splitStates('train');
  const covariance = keyCovariance(trainStates[from]!);
  const valueStates = trainStates[view.to]!;
  const trainInputs = new Set<string>();
  for (let i = 0; i < ctx.task.train.inputs.rows; i++)
    trainInputs.add(row(ctx.task.train.inputs, i).join(','));
  const rng = ctx.rng('edit.facts');
  const factOrder = rng.permutation(structure.facts.length).slice(0, EDITS_PER_CELL);
  const perEdit: EditRecord[] = [];
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
    const keyParaphrases: number[] = [];
    const heldOutParaphrases: number[] = [];
    for (let p = 0; p < paraphrases.rows; p++)
      (trainInputs.has(row(paraphrases, p).join(',')) ? keyParaphrases : heldOutParaphrases).push(p);
    if (keyParaphrases.length === 0) continue;
    const neighbours = structure
      .neighbourhood(factIndex)
      .slice(0, NEIGHBOURS_PER_EDIT)
      .map((n) => structure.facts[n]!);
    const neighbourInputs =
      neighbours.length > 0
        ? fromRows(neighbours.map((n) => structure.encode(n.entity, n.relation, 0)))
        : undefined;
    const queryStates = await ctx.observe(paraphrases);
    const key = meanRow(queryStates[from]!, keyParaphrases);
    // The to site holds W·from + b, so the mean of its states over the key paraphrases is W k* + b.
    const current = meanRow(queryStates[view.to]!, keyParaphrases);
    const direction = new Float32Array(view.rows);
    for (const r of answerRows)
      for (let j = 0; j < view.rows; j++)
        direction[j]! += valueStates.data[r * view.rows + j]! / answerRows.length;
    for (let j = 0; j < view.rows; j++) direction[j]! -= current[j]!;
    const keyInputs = takeRows(paraphrases, keyParaphrases);
    let step: number | null = null;
    for (const alpha of VALUE_STEPS) {
      const out = await ctx.intervene(keyInputs, {
        kind: 'add',
        site: view.to,
        vector: direction,
        scale: alpha,
      });
      if (keyParaphrases.every((_, k) => readVariable(out, k, variable) === newAttribute)) {
        step = alpha;
        break;
      }
    }
    const delta = direction.map((x) => x * (step ?? VALUE_STEPS[VALUE_STEPS.length - 1]!));
    const neighboursBefore = neighbourInputs ? await ctx.predict(neighbourInputs) : undefined;
    const paraphrasesBefore = await ctx.predict(paraphrases);
    // Queries already answered a′ before the edit say nothing about it and are not counted.
    const counted = (ps: readonly number[]) =>
      ps.filter((p) => readVariable(paraphrasesBefore, p, variable) !== newAttribute);
    const original = view.read();
    ctx.substrate.applyEdit({ name: view.name, u: delta, v: romeKeyDirection(covariance, key) });
    try {
      const after = await ctx.predict(paraphrases);
      const won = (ps: readonly number[]) =>
        ps.length === 0
          ? null
          : meanOf(ps.map((p) => (readVariable(after, p, variable) === newAttribute ? 1 : 0)));
      const shifted = meanRow(
        (await ctx.observe(keyInputs))[view.to]!,
        keyParaphrases.map((_, k) => k),
      );
      let miss = 0;
      let norm = 0;
      for (let j = 0; j < view.rows; j++) {
        miss += (shifted[j]! - current[j]! - delta[j]!) ** 2;
        norm += delta[j]! ** 2;
      }
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
        keyParaphrases,
        heldOutParaphrases,
        step,
        landing: norm > 0 ? Math.sqrt(miss / norm) : 0,
        efficacy: won(counted(keyParaphrases)),
        generalization: won(counted(heldOutParaphrases)),
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
    return allUnavailable(
      IDS,
      'no edit could be set up (no training query has the new attribute, or no paraphrase of the fact is in the training split)',
    );
  const average = (pick: (e: EditRecord) => number | null) => {
    const values = perEdit.flatMap((e) => {
      const x = pick(e);
      return x === null ? [] : [x];
    });
    return values.length ? meanOf(values) : null;
  };
  const efficacy = average((e) => e.efficacy);
  const generalization = average((e) => e.generalization);
  const specificity = average((e) => e.specificity);
  const parts = [efficacy, generalization, specificity].filter((x): x is number => x !== null);
  const score =
    parts.length === 0
      ? null
      : parts.some((x) => x === 0)
        ? 0
        : parts.length / parts.reduce((s, x) => s + 1 / x, 0);
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
  if (efficacy === null)
    result.unavailable['edit.efficacy'] =
      'every key paraphrase of every edited fact already gave the new attribute before the edit';
  if (generalization === null)
    result.unavailable['edit.generalization'] = perEdit.every((e) => e.heldOutParaphrases.length === 0)
      ? 'no edited fact has a paraphrase held out of the training split'
      : 'every held-out paraphrase of every edited fact already gave the new attribute before the edit';
  if (specificity === null) result.unavailable['edit.specificity'] = 'the edited facts have no neighbourhood';
  if (score === null)
    result.unavailable['edit.score'] = 'efficacy, generalization and specificity are all null';
  return result;
}

/** Mean of the given rows of a matrix. */
function meanRow(m: Matrix, rows: readonly number[]): Float64Array {
  const out = new Float64Array(m.cols);
  for (const r of rows) for (let j = 0; j < m.cols; j++) out[j]! += m.data[r * m.cols + j]! / rows.length;
  return out;
}

/** edit: a rank-one weight change (ROME) rewrites one fact, reaches its paraphrases and spares its neighbours. */
export const edit: AnalysisFamily = {
  id: 'edit',
  metrics: IDS.map((id) => ({
    id,
    needs: ['observe', 'intervene', 'parameters', 'edit'] as const,
    applies: (d: Design) => {
      if (!d.traits.factTable) return 'rank-one fact editing needs a table of facts with paraphrases';
      const choice = chooseEditView(d.parameters, d.sites);
      return 'reason' in choice ? choice.reason : null;
    },
  })),
  inIndex: true,
  // edit.score is the harmonic mean of the other three.
  score: oneScore('edit.score'),
  run: analyzeEdit,
};
