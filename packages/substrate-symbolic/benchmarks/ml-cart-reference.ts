// Helpers that score ml-cart and this package's plain CART on the same task, for tests and benchmarks.
import { createRequire } from 'node:module';
import { accuracy, type Dataset, type Matrix, matrix, outputWidth } from '@scrutable/core';
import { growTree, reach, SortedColumns } from '../src/cart.js';
import { argmaxOf, treeSpecs } from '../src/learner.js';

interface MlCartClassifier {
  train(inputs: number[][], labels: number[]): void;
  predict(inputs: number[][]): number[];
}
const { DecisionTreeClassifier } = createRequire(import.meta.url)('ml-cart') as {
  DecisionTreeClassifier: new (options: Record<string, unknown>) => MlCartClassifier;
};

const rowsOf = (m: Matrix) =>
  Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));

/** The label a tree is trained on for each row: the class index of a class head, or the bit. */
function labelsFor(targets: Matrix, spec: ReturnType<typeof treeSpecs>[number]): number[] {
  return rowsOf(targets).map((t) =>
    spec.kind === 'class' ? argmaxOf(t.slice(spec.start, spec.start + spec.width)) : t[spec.start]!,
  );
}

/** Test accuracy of ml-cart's Gini tree (one per class head or bit) grown to `depth`, no other stopping rule. */
export function mlCartAccuracy(task: Dataset, depth: number): number {
  const out = matrix(task.test.inputs.rows, outputWidth(task.heads));
  for (const spec of treeSpecs(task.heads)) {
    const tree = new DecisionTreeClassifier({ maxDepth: depth, minNumSamples: 1, gainThreshold: 0 });
    tree.train(rowsOf(task.train.inputs), labelsFor(task.train.targets, spec));
    tree.predict(rowsOf(task.test.inputs)).forEach((label, r) => {
      out.data[r * out.cols + spec.start + (spec.kind === 'class' ? label : 0)] =
        spec.kind === 'class' ? 1 : label;
    });
  }
  return accuracy(out, task.test.targets, task.heads);
}

/** Test accuracy of this package's CART (no lookahead, no budget search) grown to `depth`. */
export function plainCartAccuracy(task: Dataset, depth: number): number {
  const n = task.train.inputs.rows;
  const columns = new SortedColumns(
    task.train.inputs,
    Int32Array.from({ length: n }, (_, i) => i),
  );
  const out = matrix(task.test.inputs.rows, outputWidth(task.heads));
  for (const spec of treeSpecs(task.heads)) {
    const labels = labelsFor(task.train.targets, spec);
    const target =
      spec.kind === 'class'
        ? { kind: 'class' as const, classes: spec.width, labels: Int32Array.from(labels) }
        : { kind: 'value' as const, values: Float32Array.from(labels) };
    const nodes = growTree(columns, target, { maxDepth: depth, minLeaf: 1, lookaheadWork: 0 }, 0);
    for (let r = 0; r < out.rows; r++)
      out.data.set(reach(nodes, task.test.inputs, r).value, r * out.cols + spec.start);
  }
  return accuracy(out, task.test.targets, task.heads);
}
