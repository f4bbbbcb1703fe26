import { type Matrix, outputWidth, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { hiddenSites } from '../families/localize.js';
import { meanDifference } from '../families/steer.js';
import { classProbabilities, type OutputVariable, outputVariables } from '../outputs.js';
import { medianOf } from '../types.js';

/** The cheese vector's effect at the decision squares of the scored half of the test examples. */
export interface CheeseVectorEvidence {
  /** The hidden site the vector was subtracted at (chosen on the other half). */
  readonly site: string;
  readonly decisionSquares: number;
  /** Median P(step toward cheese) at the decision squares, unsteered and with the vector subtracted. */
  readonly medianBefore: number;
  readonly medianAfter: number;
  /** The same probabilities, one per decision square, in order. */
  readonly pBefore: readonly number[];
  readonly pAfter: readonly number[];
}

/** P(step toward cheese) per listed test example, from outputs whose row k is example rows[k]. */
export function towardCheese(
  outputs: Matrix,
  action: OutputVariable,
  towardCheeseAction: ArrayLike<number>,
  rows: readonly number[],
): number[] {
  return rows.map((row, k) => classProbabilities(outputs, k, action)[towardCheeseAction[row]!]!);
}

/**
 * The cheese vector as Mini et al. (2023) built it: the hidden state of a situation with cheese minus
 * the same situation without, here averaged over one half of the test examples, and subtracted once
 * (coefficient 1) at one hidden site (never the output layer, where it would only shift the logits).
 * The site is the one that most lowers the median P(step toward cheese) at the decision squares of
 * that half; the other half is scored. A decision square is one where the cheese and the default
 * corner call for different steps. Null (with the reason) when there is nothing to measure.
 */
export async function cheeseVector(ctx: AnalysisContext): Promise<CheeseVectorEvidence | string> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'gridworld') return 'the cheese vector needs the maze';
  if (!ctx.can('observe') || !ctx.can('intervene')) return 'needs the observe and intervene capabilities';
  const action = outputVariables(ctx.task.heads).find((v) => v.kind === 'class');
  if (!action) return 'the maze task has no class head for the action';
  const { pairs } = structure;
  const original = ctx.test.rows;
  const order = ctx.rng('evidence.cheese.halves').permutation(original.length);
  const half = original.length >> 1;
  const build = order.slice(0, half).sort((x, y) => x - y);
  const scored = order.slice(half).sort((x, y) => x - y);
  const decisions = (rows: readonly number[]) => rows.filter((i) => pairs.decisionSquare[original[i]!] === 1);
  const [chooseRows, scoredRows] = [decisions(build), decisions(scored)];
  if (chooseRows.length === 0 || scoredRows.length === 0)
    return 'too few decision squares among the test examples';
  const towardCheeseAction = Int32Array.from(original, (r) => pairs.towardCheese[r]!);
  const [withCheese, withoutCheese] = await Promise.all([
    ctx.splitStates('test'),
    ctx.observe(takeRows(pairs.inputsWithoutCheese, original)),
  ]);
  const sites = hiddenSites(ctx.sites(), outputWidth(ctx.task.heads));
  const subtracted = (site: string, rows: readonly number[]) =>
    ctx.intervene(takeRows(ctx.test.inputs, rows), {
      kind: 'add',
      site,
      vector: meanDifference(withCheese[site]!, build, withoutCheese[site]!, build),
      scale: -1,
    });
  let best: { site: string; median: number } | undefined;
  for (const site of sites) {
    const after = await subtracted(site, chooseRows);
    const median = medianOf(towardCheese(after, action, towardCheeseAction, chooseRows));
    if (!best || median < best.median) best = { site, median };
  }
  if (!best) return 'the substrate has no hidden site';
  const before = await ctx.predict(takeRows(ctx.test.inputs, scoredRows));
  const after = await subtracted(best.site, scoredRows);
  const pBefore = towardCheese(before, action, towardCheeseAction, scoredRows);
  const pAfter = towardCheese(after, action, towardCheeseAction, scoredRows);
  return {
    site: best.site,
    decisionSquares: scoredRows.length,
    medianBefore: medianOf(pBefore),
    medianAfter: medianOf(pAfter),
    pBefore,
    pAfter,
  };
}
