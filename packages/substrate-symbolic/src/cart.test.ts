import { type Matrix, matrix, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { growTree, reach, SortedColumns, type TreeNode } from './cart.js';

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const plain = { maxDepth: 8, minLeaf: 1, lookaheadWork: 0 };

function randomInputs(rows: number, cols: number, draw: () => number): Matrix {
  return matrix(rows, cols, Float32Array.from({ length: rows * cols }, draw));
}

/** Weighted Gini impurity n_L·G_L + n_R·G_R of a cut, computed from scratch. */
function giniAfter(labels: number[], goesRight: boolean[], classes: number): number {
  let total = 0;
  for (const right of [false, true]) {
    const side = labels.filter((_, i) => goesRight[i] === right);
    if (side.length === 0) continue;
    const p = Array.from({ length: classes }, (_, k) => side.filter((l) => l === k).length / side.length);
    total += side.length * (1 - p.reduce((s, q) => s + q * q, 0));
  }
  return total;
}

/** The smallest weighted Gini over every feature and every cut between two distinct values. */
function bruteForceBestGini(inputs: Matrix, labels: number[], classes: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let f = 0; f < inputs.cols; f++) {
    const values = [
      ...new Set(Array.from({ length: inputs.rows }, (_, r) => inputs.data[r * inputs.cols + f]!)),
    ];
    for (const t of values) {
      const goesRight = labels.map((_, r) => inputs.data[r * inputs.cols + f]! > t);
      if (goesRight.every(Boolean) || !goesRight.some(Boolean)) continue;
      best = Math.min(best, giniAfter(labels, goesRight, classes));
    }
  }
  return best;
}

function rowsReaching(nodes: TreeNode[], inputs: Matrix, node: TreeNode): number[] {
  return Array.from(allRows(inputs.rows)).filter((r) => reach(nodes, inputs, r, node.depth) === node);
}

describe('growTree', () => {
  it('splits the root where brute force over every feature and threshold finds the lowest Gini', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rng = new Rng(seed);
      const inputs = randomInputs(40, 5, () => Math.round(rng.uniform(0, 6)) / 2);
      const labels = Array.from({ length: 40 }, () => rng.int(3));
      const nodes = growTree(
        new SortedColumns(inputs, allRows(40)),
        { kind: 'class', classes: 3, labels: Int32Array.from(labels) },
        { ...plain, maxDepth: 1 },
        seed,
      );
      const root = nodes[0]!;
      const goesRight = labels.map((_, r) => inputs.data[r * 5 + root.feature]! > root.threshold);
      expect(giniAfter(labels, goesRight, 3)).toBeCloseTo(bruteForceBestGini(inputs, labels, 3), 9);
    }
  });

  it('splits a real target where brute force finds the lowest squared error', () => {
    const rng = new Rng(5);
    const inputs = randomInputs(30, 3, () => rng.normal());
    const values = Float32Array.from(
      { length: 30 },
      (_, r) => (inputs.data[r * 3 + 2]! > 0.3 ? 2 : -1) + rng.normal(0, 0.1),
    );
    const nodes = growTree(
      new SortedColumns(inputs, allRows(30)),
      { kind: 'value', values },
      { ...plain, maxDepth: 1 },
      5,
    );
    const sse = (f: number, t: number) => {
      let total = 0;
      for (const right of [false, true]) {
        const side = Array.from(values).filter((_, r) => inputs.data[r * 3 + f]! > t === right);
        const mean = side.reduce((s, v) => s + v, 0) / Math.max(1, side.length);
        total += side.reduce((s, v) => s + (v - mean) ** 2, 0);
      }
      return total;
    };
    let best = Number.POSITIVE_INFINITY;
    for (let f = 0; f < 3; f++)
      for (let r = 0; r < 30; r++) {
        const t = inputs.data[r * 3 + f]!;
        const right = Array.from(allRows(30)).filter((q) => inputs.data[q * 3 + f]! > t).length;
        if (right > 0 && right < 30) best = Math.min(best, sse(f, t));
      }
    expect(nodes[0]!.feature).toBe(2);
    expect(sse(nodes[0]!.feature, nodes[0]!.threshold)).toBeCloseTo(best, 4);
  });

  it('stores in every node the class proportions of the training rows that reach it, and respects minLeaf', () => {
    const rng = new Rng(8);
    const inputs = randomInputs(60, 4, () => (rng.bernoulli(0.5) ? 1 : 0));
    const labels = Array.from(
      { length: 60 },
      (_, r) => (inputs.data[r * 4]! + inputs.data[r * 4 + 1]! + (rng.bernoulli(0.2) ? 1 : 0)) % 3,
    );
    const nodes = growTree(
      new SortedColumns(inputs, allRows(60)),
      { kind: 'class', classes: 3, labels: Int32Array.from(labels) },
      { maxDepth: 4, minLeaf: 3, lookaheadWork: 0 },
      8,
    );
    expect(nodes.length).toBeGreaterThan(1);
    for (const node of nodes) {
      const reaching = rowsReaching(nodes, inputs, node);
      expect(node.count).toBe(reaching.length);
      for (let k = 0; k < 3; k++)
        expect(node.value[k]).toBeCloseTo(
          reaching.filter((r) => labels[r] === k).length / reaching.length,
          6,
        );
      if (node.feature < 0) expect(node.count).toBeGreaterThanOrEqual(3);
    }
  });

  it('with lookahead recovers a planted XOR hidden among distractors, which single tests cannot see', () => {
    const rng = new Rng(11);
    const rows = 256;
    const inputs = randomInputs(rows, 6, () => (rng.bernoulli(0.5) ? 1 : 0));
    const xor = (r: number) => inputs.data[r * 6 + 1]! !== inputs.data[r * 6 + 4]!;
    const labels = Int32Array.from(allRows(rows), (r) => (xor(r) ? 1 : 0));
    const nodes = growTree(
      new SortedColumns(inputs, allRows(rows)),
      { kind: 'class', classes: 2, labels },
      { maxDepth: 2, minLeaf: 1, lookaheadWork: 1e9 },
      3,
    );
    const internal = nodes.filter((n) => n.feature >= 0);
    expect(new Set(internal.map((n) => n.feature))).toEqual(new Set([1, 4]));
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++) {
        const probe = matrix(1, 6, [0, a, 0, 0, b, 0]);
        expect(reach(nodes, probe, 0).value[1]).toBe(a !== b ? 1 : 0);
      }
  });

  it('grown to a smaller depth is the deeper tree cut at that depth', () => {
    const rng = new Rng(21);
    const inputs = randomInputs(80, 5, () => rng.int(4));
    const labels = Int32Array.from({ length: 80 }, () => rng.int(3));
    const columns = new SortedColumns(inputs, allRows(80));
    const target = { kind: 'class' as const, classes: 3, labels };
    const deep = growTree(columns, target, { maxDepth: 6, minLeaf: 2, lookaheadWork: 1e9 }, 4);
    for (const depth of [0, 1, 2, 3]) {
      const shallow = growTree(columns, target, { maxDepth: depth, minLeaf: 2, lookaheadWork: 1e9 }, 4);
      for (let r = 0; r < 80; r++)
        expect(Array.from(reach(shallow, inputs, r).value)).toEqual(
          Array.from(reach(deep, inputs, r, depth).value),
        );
    }
  });
});
