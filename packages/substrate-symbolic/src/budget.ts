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

/**
 * Picks the budget with the best validation score, then the fewest leaves, then the smallest depth.
 * One tree per leaf size is grown to the grid's depth on the fitting rows; a tree grown to a smaller
 * depth is that tree cut there (see growTree), so every depth is scored from the same tree.
 * `correct(value, row)` says whether a leaf value is right for a validation row.
 */
export function chooseBudget(
  fitting: SortedColumns,
  validation: { readonly inputs: Matrix; readonly rows: Int32Array },
  target: TreeTarget,
  correct: (value: Float32Array, row: number) => boolean,
  grid: BudgetGrid,
  seed: number,
): ChosenBudget {
  let best: ChosenBudget | undefined;
  for (const minLeaf of grid.minLeafSizes) {
    const nodes = growTree(
      fitting,
      target,
      { maxDepth: grid.maxDepth, minLeaf, lookaheadWork: grid.lookaheadWork },
      seed,
    );
    const deepest = Math.max(...nodes.map((n) => n.depth));
    const leaves = leavesByDepth(nodes, deepest);
    for (let depth = 0; depth <= deepest; depth++) {
      let right = 0;
      for (const row of validation.rows) {
        if (correct(reach(nodes, validation.inputs, row, depth).value, row)) right++;
      }
      const candidate = {
        maxDepth: depth,
        minLeaf,
        lookaheadWork: grid.lookaheadWork,
        validationScore: validation.rows.length > 0 ? right / validation.rows.length : 0,
        leaves: leaves[depth]!,
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
