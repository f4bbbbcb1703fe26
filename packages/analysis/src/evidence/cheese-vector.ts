import { type Matrix, outputWidth, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { meanDifference } from '../families/steer-vector.js';
import { classProbabilities, type OutputVariable, outputVariables } from '../outputs.js';
import { medianOf } from '../types.js';
import { hiddenSites } from '../units.js';

/** The cheese vector's effect at the decision squares of the scored half of a split's analysed examples. */
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

/** One split of the maze read for the cheese vector: its inputs without cheese, decision squares and steps. */
interface MazeSplit {
  readonly inputs: Matrix;
  readonly withoutCheese: Matrix;
  readonly decision: readonly boolean[];
  readonly towardCheese: Int32Array;
}

/**
 * The analysed rows of a split, read through the task's names: the inputs with the `cheese_*` columns
 * cleared (the same situation without cheese), and from the latents where the cheese is, the step
 * toward it and toward the default corner. A decision square has cheese, and the two steps differ.
 */
function mazeSplit(ctx: AnalysisContext, split: 'train' | 'test'): MazeSplit | string {
  const { inputs, latents } = ctx[split];
  const latent = (name: string) => latents.find((l) => l.name === name)?.values;
  const [present, toCheese, toDefault] = [
    latent('cheese_present'),
    latent('toward_cheese'),
    latent('toward_default'),
  ];
  if (!present || !toCheese || !toDefault)
    return 'the maze task has no cheese_present, toward_cheese or toward_default latent';
  const cheeseColumns = ctx.task.inputNames.flatMap((name, j) => (name.startsWith('cheese_') ? [j] : []));
  if (cheeseColumns.length === 0) return 'the maze task has no cheese_* input';
  const withoutCheese = { ...inputs, data: inputs.data.slice() };
  for (let i = 0; i < inputs.rows; i++)
    for (const j of cheeseColumns) withoutCheese.data[i * inputs.cols + j] = 0;
  return {
    inputs,
    withoutCheese,
    decision: Array.from(present, (p, i) => p === 1 && toCheese[i] !== toDefault[i]),
    towardCheese: Int32Array.from(toCheese),
  };
}

/**
 * The cheese vector as Mini et al. (2023) built it: the hidden state of a situation with cheese minus
 * the same situation without, here averaged over one half of the analysed examples of a split, and
 * subtracted once (coefficient 1) at one hidden site (never the output layer, where it would only
 * shift the logits). The site is the one that most lowers the median P(step toward cheese) at the
 * decision squares of that half; the other half is scored. `test`: situations the policy never saw;
 * `train`: situations it was trained on. A reason instead when there is nothing to measure.
 */
export async function cheeseVector(
  ctx: AnalysisContext,
  split: 'train' | 'test' = 'test',
): Promise<CheeseVectorEvidence | string> {
  if (ctx.task.structure.domain !== 'gridworld') return 'the cheese vector needs the maze';
  if (!ctx.can('observe') || !ctx.can('intervene')) return 'needs the observe and intervene capabilities';
  const action = outputVariables(ctx.task.heads).find((v) => v.kind === 'class');
  if (!action) return 'the maze task has no class head for the action';
  const maze = mazeSplit(ctx, split);
  if (typeof maze === 'string') return maze;
  const n = maze.inputs.rows;
  const order = ctx.rng(`evidence.cheese.${split}.halves`).permutation(n);
  const build = order.slice(0, n >> 1).sort((x, y) => x - y);
  const scored = order.slice(n >> 1).sort((x, y) => x - y);
  const [chooseRows, scoredRows] = [build, scored].map((rows) => rows.filter((i) => maze.decision[i]));
  if (!chooseRows?.length || !scoredRows?.length) return 'too few decision squares among the examples';
  const [withCheese, withoutCheese] = await Promise.all([
    ctx.splitStates(split),
    ctx.observe(maze.withoutCheese),
  ]);
  const sites = hiddenSites(ctx.sites(), outputWidth(ctx.task.heads));
  const subtracted = (site: string, rows: readonly number[]) =>
    ctx.intervene(takeRows(maze.inputs, rows), {
      kind: 'add',
      site,
      vector: meanDifference(withCheese[site]!, build, withoutCheese[site]!, build),
      scale: -1,
    });
  let best: { site: string; median: number } | undefined;
  for (const site of sites) {
    const after = await subtracted(site, chooseRows);
    const median = medianOf(towardCheese(after, action, maze.towardCheese, chooseRows));
    if (!best || median < best.median) best = { site, median };
  }
  if (!best) return 'the substrate has no hidden site';
  const before = await ctx.predict(takeRows(maze.inputs, scoredRows));
  const after = await subtracted(best.site, scoredRows);
  const pBefore = towardCheese(before, action, maze.towardCheese, scoredRows);
  const pAfter = towardCheese(after, action, maze.towardCheese, scoredRows);
  return {
    site: best.site,
    decisionSquares: scoredRows.length,
    medianBefore: medianOf(pBefore),
    medianAfter: medianOf(pAfter),
    pBefore,
    pAfter,
  };
}
