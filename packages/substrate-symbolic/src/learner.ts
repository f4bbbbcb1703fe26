import { argmaxRow, hashSeed, type OutputHead, Rng, ScrutableError, type Split } from '@scrutable/core';
import { type BudgetGrid, type ChosenBudget, chooseBudget, type Fold } from './budget.js';
import { growTree, SortedColumns, type TreeNode, type TreeTarget } from './cart.js';

/** Fewest held-out rows that choose a budget alone; below, the learner cross-validates. */
export const MIN_VALIDATION_ROWS = 100;
/** Folds of the cross-validation used on small training sets. */
export const CV_FOLDS = 5;

/** Which output columns a tree writes: a whole class head, or one bit or value of a binary or real head. */
export interface TreeSpec {
  readonly head: string;
  readonly kind: 'class' | 'bit' | 'real';
  /** First output column and number of columns written. */
  readonly start: number;
  readonly width: number;
  /** Position inside its head (0 for a class head). */
  readonly offset: number;
}

/** A learned tree with the output columns it writes and the budget it was grown under. */
export interface LearnedTree {
  readonly spec: TreeSpec;
  readonly nodes: TreeNode[];
  readonly budget: ChosenBudget;
}

/** How the learner searches for each tree's complexity budget. */
export interface LearnerOptions extends BudgetGrid {
  /** Share of the training rows held out (seeded) to choose each tree's budget. */
  readonly validationFraction: number;
  readonly seed: number;
  /** Called after each tree; throwing (e.g. on abort) stops the fit. */
  readonly onTree?: (done: number, total: number) => void;
}

/** One tree per class head, one per bit of a binary head, one per value of a real head. */
export function treeSpecs(heads: readonly OutputHead[]): TreeSpec[] {
  const specs: TreeSpec[] = [];
  let start = 0;
  for (const head of heads) {
    if (head.kind === 'class') {
      specs.push({ head: head.name, kind: 'class', start, width: head.size, offset: 0 });
    } else {
      for (let i = 0; i < head.size; i++)
        specs.push({
          head: head.name,
          kind: head.kind === 'binary' ? 'bit' : 'real',
          start: start + i,
          width: 1,
          offset: i,
        });
    }
    start += head.size;
  }
  return specs;
}

/**
 * Fits every tree: chooses its budget on a seeded validation split of `train` (cross-validation when
 * that split would be small), then regrows it on all of `train` under that budget.
 */
export function learnTrees(
  train: Split,
  heads: readonly OutputHead[],
  options: LearnerOptions,
): LearnedTree[] {
  const n = train.inputs.rows;
  const all = new SortedColumns(
    train.inputs,
    Int32Array.from({ length: n }, (_, i) => i),
  );
  const folds = validationFolds(train, options);
  const specs = treeSpecs(heads);
  return specs.map((spec, t) => {
    const target = targetOf(train, spec);
    const seed = hashSeed(options.seed, 'tree', t);
    const budget: ChosenBudget =
      folds.length > 0
        ? chooseBudget(folds, train.inputs, target, judge(train, spec), options, seed)
        : {
            maxDepth: options.maxDepth,
            minLeaf: Math.min(...options.minLeafSizes),
            lookaheadWork: options.lookaheadWork,
            validationScore: Number.NaN,
            leaves: 0,
          };
    const nodes = growTree(all, target, budget, seed);
    options.onTree?.(t + 1, specs.length);
    return { spec, nodes, budget: { ...budget, leaves: nodes.filter((x) => x.feature < 0).length } };
  });
}

/**
 * The rows each budget is chosen on. A seeded `validationFraction` of the training rows is held out
 * when that makes at least MIN_VALIDATION_ROWS of them; with fewer, one held-out split is too noisy
 * to choose a depth by (on 29 rows the constant tree can win), so every row is scored once by
 * CV_FOLDS-fold cross-validation. Below 10 rows nothing is held out.
 */
function validationFolds(train: Split, options: LearnerOptions): Fold[] {
  const n = train.inputs.rows;
  if (n < 10) return [];
  const shuffled = new Rng(hashSeed(options.seed, 'validation')).permutation(n);
  const held = Math.max(1, Math.round(n * options.validationFraction));
  const fold = (validation: number[]): Fold => {
    const heldOut = new Set(validation);
    const fitting = Int32Array.from(shuffled.filter((r) => !heldOut.has(r))).sort();
    return {
      fitting: new SortedColumns(train.inputs, fitting),
      validation: Int32Array.from(validation).sort(),
    };
  };
  if (held >= MIN_VALIDATION_ROWS) return [fold(shuffled.slice(0, held))];
  return Array.from({ length: CV_FOLDS }, (_, k) => fold(shuffled.filter((_, i) => i % CV_FOLDS === k)));
}

function targetOf(split: Split, spec: TreeSpec): TreeTarget {
  const { targets } = split;
  if (spec.kind === 'class') {
    const labels = Int32Array.from({ length: targets.rows }, (_, r) =>
      argmaxRow(targets, r, spec.start, spec.width),
    );
    return { kind: 'class', classes: spec.width, labels };
  }
  const values = Float32Array.from(
    { length: targets.rows },
    (_, r) => targets.data[r * targets.cols + spec.start]!,
  );
  if (spec.kind === 'bit' && values.some((v) => v !== 0 && v !== 1))
    throw new ScrutableError('BAD_INPUT', `binary head '${spec.head}' has targets other than 0 and 1`);
  return { kind: 'value', values };
}

/** Right or wrong for one row, read the way core `accuracy` reads each head kind. */
function judge(split: Split, spec: TreeSpec): (value: Float32Array, row: number) => boolean {
  const { targets } = split;
  const t = (row: number, j: number) => targets.data[row * targets.cols + spec.start + j]!;
  if (spec.kind === 'class') {
    return (value, row) => argmaxOf(value) === argmaxRow(targets, row, spec.start, spec.width);
  }
  if (spec.kind === 'bit') return (value, row) => value[0]! > 0.5 === t(row, 0) > 0.5;
  return (value, row) => Math.abs(value[0]! - t(row, 0)) < 0.5;
}

/** Index of the largest value (first on ties), as core `argmaxRow` reads a row. */
export function argmaxOf(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
