import { fromRows, type Matrix, row, takeRows } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { meanDifference } from '../families/steer-vector.js';
import { classProbabilities, type OutputVariable, outputVariables } from '../outputs.js';
import { medianOf } from '../types.js';
import {
  agentCells,
  agentMoved,
  type MazeColumns,
  mazeAndCheeseKey,
  mazeColumns,
  withoutCheese,
} from './maze-inputs.js';
import { unitSites } from './unit-sites.js';

/** Most agent cells a maze's cheese vector is averaged over (seeded choice), which bounds the forward passes. */
export const AGENT_CELLS_PER_VECTOR = 8;

/**
 * Multiples of the cheese vector tried at each site (Mini et al. 2023 varied the coefficient too); the
 * pair of site and multiple whose steered policy is closest to the policy with the cheese taken away,
 * on one half of the decision squares, is scored on the other.
 */
export const CHEESE_COEFFICIENTS = [0.5, 1, 2, 4] as const;

/** The cheese vector's effect at the decision squares of the scored half of a split's analysed examples. */
export interface CheeseVectorEvidence {
  /** The hidden site the vector was subtracted at, and the multiple of it subtracted (both chosen on the other half). */
  readonly site: string;
  readonly coefficient: number;
  readonly decisionSquares: number;
  /** Distinct (maze, cheese) pairs among the decision squares: one cheese vector each. */
  readonly vectors: number;
  /** Median P(step toward cheese) at the decision squares, unsteered and with the vector subtracted. */
  readonly medianBefore: number;
  readonly medianAfter: number;
  /** The same probabilities, one per decision square, in order. */
  readonly pBefore: readonly number[];
  readonly pAfter: readonly number[];
}

/** P(step toward cheese) per listed example, from outputs whose row k is example rows[k]. */
export function towardCheese(
  outputs: Matrix,
  action: OutputVariable,
  towardCheeseAction: ArrayLike<number>,
  rows: readonly number[],
): number[] {
  return rows.map((row, k) => classProbabilities(outputs, k, action)[towardCheeseAction[row]!]!);
}

/** Mean total-variation distance between the action distributions of two outputs, row by row. */
function meanActionDistance(a: Matrix, b: Matrix, action: OutputVariable): number {
  let sum = 0;
  for (let k = 0; k < a.rows; k++) {
    const [p, q] = [classProbabilities(a, k, action), classProbabilities(b, k, action)];
    sum += 0.5 * p.reduce((d, x, c) => d + Math.abs(x - q[c]!), 0);
  }
  return sum / a.rows;
}

/**
 * The decision squares of a split's analysed rows, read from its latents: cheese present and the
 * steps toward it and toward the default corner differ.
 */
function decisionSquares(ctx: AnalysisContext, split: 'train' | 'test'): boolean[] | string {
  const latent = (name: string) => ctx[split].latents.find((l) => l.name === name)?.values;
  const [present, toCheese, toDefault] = [
    latent('cheese_present'),
    latent('toward_cheese'),
    latent('toward_default'),
  ];
  if (!present || !toCheese || !toDefault)
    return 'the maze task has no cheese_present, toward_cheese or toward_default latent';
  return Array.from(present, (p, i) => p === 1 && toCheese[i] !== toDefault[i]);
}

/**
 * One cheese vector per (maze, cheese) among `rows`, per site: the hidden state with the cheese minus
 * without it, averaged over up to AGENT_CELLS_PER_VECTOR seeded agent cells of that maze (Mini et al.
 * 2023 took it in the same maze, from one position of the mouse, and applied it wherever the mouse went).
 */
async function cheeseVectors(
  ctx: AnalysisContext,
  inputs: Matrix,
  rows: readonly number[],
  columns: MazeColumns,
  sites: readonly string[],
  label: string,
): Promise<Map<string, Record<string, Float32Array>>> {
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const key = mazeAndCheeseKey(row(inputs, r), columns);
    if (!firstRow.has(key)) firstRow.set(key, r);
  }
  const rng = ctx.rng(label);
  const vectors = new Map<string, Record<string, Float32Array>>();
  for (const [key, r] of firstRow) {
    const cells = agentCells(row(inputs, r), columns);
    const chosen = rng.fork(key).permutation(cells.length).slice(0, AGENT_CELLS_PER_VECTOR);
    const moved = agentMoved(
      inputs,
      r,
      columns,
      chosen.map((i) => cells[i]!),
    );
    const [withCheese, withoutCheese] = await Promise.all([
      ctx.observe(moved.withCheese),
      ctx.observe(moved.withoutCheese),
    ]);
    const all = chosen.map((_, i) => i);
    vectors.set(
      key,
      Object.fromEntries(sites.map((s) => [s, meanDifference(withCheese[s]!, all, withoutCheese[s]!, all)])),
    );
  }
  return vectors;
}

/**
 * The cheese vector as Mini et al. (2023) built it: in each maze with its cheese, the hidden state
 * with the cheese minus the same maze without it (averaged over a few agent cells), subtracted at one
 * privileged hidden site while the agent stands at a decision square. Never at a pre-activation: at
 * the first layer's the difference is, by linearity, the cheese input's own weights, so subtracting it
 * there deletes the cheese from the input and tests nothing; nor at the output layer, where it would
 * only shift the logits. The site and the multiple of the vector (CHEESE_COEFFICIENTS) are the pair
 * whose steered policy is closest (mean total variation of the action distribution) to the policy in
 * the same situations with the cheese taken away, at the decision squares of one half of the analysed
 * examples: what the vector is meant to do, not the score itself. The other half is scored. `test`: situations the policy never saw; `train`: situations it was trained on. A
 * reason instead when there is nothing to measure.
 */
export async function cheeseVector(
  ctx: AnalysisContext,
  split: 'train' | 'test' = 'test',
): Promise<CheeseVectorEvidence | string> {
  if (ctx.task.structure.domain !== 'gridworld') return 'the cheese vector needs the maze';
  if (!ctx.can('observe') || !ctx.can('intervene')) return 'needs the observe and intervene capabilities';
  const action = outputVariables(ctx.task.heads).find((v) => v.kind === 'class');
  if (!action) return 'the maze task has no class head for the action';
  const columns = mazeColumns(ctx.task.inputNames);
  if (typeof columns === 'string') return columns;
  const decision = decisionSquares(ctx, split);
  if (typeof decision === 'string') return decision;
  const { inputs } = ctx[split];
  const toCheese = Int32Array.from(ctx[split].latents.find((l) => l.name === 'toward_cheese')!.values);
  const n = inputs.rows;
  const order = ctx.rng(`evidence.cheese.${split}.halves`).permutation(n);
  const [chooseRows, scoredRows] = [order.slice(0, n >> 1), order.slice(n >> 1)].map((rows) =>
    rows.sort((x, y) => x - y).filter((i) => decision[i]),
  ) as [number[], number[]];
  if (!chooseRows.length || !scoredRows.length) return 'too few decision squares among the examples';
  const sites = unitSites(ctx);
  if (sites.length === 0) return 'the substrate has no privileged hidden site';
  const vectors = await cheeseVectors(
    ctx,
    inputs,
    [...chooseRows, ...scoredRows],
    columns,
    sites,
    `evidence.cheese.${split}.cells`,
  );
  // One intervention per (maze, cheese): rows that share it get its vector. Outputs come back in `rows` order.
  const subtracted = async (site: string, coefficient: number, rows: readonly number[]): Promise<Matrix> => {
    const outputRows: Float32Array[] = [];
    const byKey = new Map<string, number[]>();
    rows.forEach((r, k) => {
      const key = mazeAndCheeseKey(row(inputs, r), columns);
      byKey.set(key, [...(byKey.get(key) ?? []), k]);
    });
    for (const [key, positions] of byKey) {
      const vector = vectors.get(key)![site]!;
      const group = positions.map((k) => rows[k]!);
      const after = await ctx.intervene(takeRows(inputs, group), {
        kind: 'add',
        site,
        vector,
        scale: -coefficient,
      });
      positions.forEach((k, i) => {
        outputRows[k] = row(after, i);
      });
    }
    return fromRows(outputRows);
  };
  const noCheese = await ctx.predict(withoutCheese(takeRows(inputs, chooseRows), columns));
  let best: { site: string; coefficient: number; distance: number } | undefined;
  for (const site of sites)
    for (const coefficient of CHEESE_COEFFICIENTS) {
      const steered = await subtracted(site, coefficient, chooseRows);
      const distance = meanActionDistance(steered, noCheese, action);
      if (!best || distance < best.distance - 1e-12) best = { site, coefficient, distance };
    }
  const before = await ctx.predict(takeRows(inputs, scoredRows));
  const pBefore = towardCheese(before, action, toCheese, scoredRows);
  const after = await subtracted(best!.site, best!.coefficient, scoredRows);
  const pAfter = towardCheese(after, action, toCheese, scoredRows);
  return {
    site: best!.site,
    coefficient: best!.coefficient,
    decisionSquares: scoredRows.length,
    vectors: new Set(scoredRows.map((r) => mazeAndCheeseKey(row(inputs, r), columns))).size,
    medianBefore: medianOf(pBefore),
    medianAfter: medianOf(pAfter),
    pBefore,
    pAfter,
  };
}
