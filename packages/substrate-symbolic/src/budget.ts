import type { Matrix } from '@scrutable/core';
import {
  type GrowthLimits,
  growTree,
  leavesByDepth,
  reach,
  type SortedColumns,
  type TreeTarget,
} from './cart.js';

/** The candidate complexity budgets: every depth 0..maxDepth crossed with every minimum leaf size. */
export interface BudgetGrid {
  readonly maxDepth: number;
  readonly minLeafSizes: readonly number[];
  /** See GrowthLimits. */
  readonly lookaheadWork: number;
}

/** The budget chosen for one tree and how it scored on the validation rows. */
export interface ChosenBudget extends GrowthLimits {
  readonly validationScore: number;
  readonly leaves: number;
}

/** Rows to grow a tree on and rows to score it on. */
export interface Fold {
  readonly fitting: SortedColumns;
  readonly validation: Int32Array;
}

/**
 * Picks the budget with the best validation score, then the fewest leaves, then the smallest depth.
 * The score of a budget is its share of right answers over the validation rows of every fold (one
 * fold: a held-out split; several: cross-validation), its leaves their mean over the folds. Per fold
 * and leaf size, one tree is grown to the grid's depth on the fitting rows; a tree grown to a smaller
 * depth is that tree cut there (see growTree), so every depth is scored from the same tree.
 * `correct(value, row)` says whether a leaf value is right for a validation row of `inputs`.
 */
export function chooseBudget(
  folds: readonly Fold[],
  inputs: Matrix,
  target: TreeTarget,
  correct: (value: Float32Array, row: number) => boolean,
  grid: BudgetGrid,
  seed: number,
): ChosenBudget {
  const scored = folds.reduce((n, fold) => n + fold.validation.length, 0);
  let best: ChosenBudget | undefined;
  for (const minLeaf of grid.minLeafSizes) {
    // Per depth 0..grid.maxDepth: right answers and leaves summed over the folds.
    const right = new Float64Array(grid.maxDepth + 1);
    const leaves = new Float64Array(grid.maxDepth + 1);
    let deepestOfAll = 0;
    for (const fold of folds) {
      const nodes = growTree(
        fold.fitting,
        target,
        { maxDepth: grid.maxDepth, minLeaf, lookaheadWork: grid.lookaheadWork },
        seed,
      );
      const deepest = Math.max(...nodes.map((n) => n.depth));
      deepestOfAll = Math.max(deepestOfAll, deepest);
      const perDepth = leavesByDepth(nodes, deepest);
      const rightAt = perDepth.map((_, depth) => {
        let hits = 0;
        for (const row of fold.validation) if (correct(reach(nodes, inputs, row, depth).value, row)) hits++;
        return hits;
      });
      // Below its deepest leaf a tree answers as it does at that depth.
      for (let depth = 0; depth <= grid.maxDepth; depth++) {
        right[depth]! += rightAt[Math.min(depth, deepest)]!;
        leaves[depth]! += perDepth[Math.min(depth, deepest)]!;
      }
    }
    for (let depth = 0; depth <= deepestOfAll; depth++) {
      const candidate = {
        maxDepth: depth,
        minLeaf,
        lookaheadWork: grid.lookaheadWork,
        validationScore: scored > 0 ? right[depth]! / scored : 0,
        leaves: leaves[depth]! / folds.length,
      };
      if (!best || better(candidate, best)) best = candidate;
    }
  }
  return best!;
}

function better(a: ChosenBudget, b: ChosenBudget): boolean {
  if (a.validationScore !== b.validationScore) return a.validationScore > b.validationScore;
  if (a.leaves !== b.leaves) return a.leaves < b.leaves;
  return a.maxDepth < b.maxDepth;
}
