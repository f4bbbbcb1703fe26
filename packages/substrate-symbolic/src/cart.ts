import { hashSeed, type Matrix, Rng } from '@scrutable/core';

/**
 * What one tree learns: a class among `classes` (split by Gini impurity) or one real value (split by
 * variance). Gini impurity is the summed variance of the one-hot class indicators, so both criteria
 * minimise the same thing: the squared error of the leaf value against the targets.
 */
export type TreeTarget =
  | { readonly kind: 'class'; readonly classes: number; readonly labels: Int32Array }
  | { readonly kind: 'value'; readonly values: Float32Array };

/** Limits on one tree's growth: its depth and the fewest training examples a leaf may hold. */
export interface GrowthLimits {
  readonly maxDepth: number;
  readonly minLeaf: number;
  /** Largest features² x examples at a node for which splits are scored with one level of lookahead. */
  readonly lookaheadWork: number;
}

/** A node of a grown tree: a leaf has feature -1; an internal node sends x[feature] > threshold right. */
export interface TreeNode {
  readonly feature: number;
  readonly threshold: number;
  readonly left: number;
  readonly right: number;
  readonly depth: number;
  /** Training examples that reach the node. */
  readonly count: number;
  /** Class proportions (class target) or the mean value (value target) of those examples. */
  readonly value: Float32Array;
}

/** A set of training rows with every feature column sorted once, shared by all trees grown on them. */
export class SortedColumns {
  /** Per feature: the rows, ordered by that feature's value (ties in row order). */
  readonly order: readonly Int32Array[];

  constructor(
    readonly inputs: Matrix,
    readonly rows: Int32Array,
  ) {
    const { cols, data } = inputs;
    this.order = Array.from({ length: cols }, (_, f) => {
      const value = (r: number) => data[r * cols + f]!;
      if (rows.every((r) => value(r) === 0 || value(r) === 1)) {
        // Binary columns, the common case, sort by a counting pass.
        return Int32Array.from([
          ...rows.filter((r) => value(r) === 0),
          ...rows.filter((r) => value(r) === 1),
        ]);
      }
      return Int32Array.from(Array.from(rows).sort((a, b) => value(a) - value(b)));
    });
  }
}

/**
 * Grows a CART tree depth-first. A node splits while it is impure, shallower than `maxDepth` and
 * some threshold leaves `minLeaf` examples on each side; the split that most lowers the squared error
 * wins, even when it lowers it by nothing (as CART does). Where it is affordable (features² x node
 * examples ≤ `lookaheadWork`) each feature's best cut is instead scored by the error left after the
 * best further split of each side: one level of lookahead, which finds parity-like targets
 * (x1 XOR x2) whose single tests gain nothing. Ties between features are broken by a seeded order drawn per node from the
 * node's path, so the tree grown with a smaller `maxDepth` is exactly this tree cut at that depth.
 * Node 0 is the root.
 */
export function growTree(
  columns: SortedColumns,
  target: TreeTarget,
  limits: GrowthLimits,
  seed: number,
): TreeNode[] {
  const { inputs } = columns;
  const width = inputs.cols;
  const order = columns.order.map((o) => o.slice());
  const members = columns.rows.slice();
  const buffer = new Int32Array(members.length);
  // Per row: 1 on the left of the split being tried or made, 2 on the right.
  const side = new Uint8Array(inputs.rows);
  const criterion = makeCriterion(target);
  const nodes: TreeNode[] = [];

  const x = (r: number, f: number) => inputs.data[r * width + f]!;

  /** Best cut of feature f over the node's rows on `only` side (every row when 0). */
  const bestCut = (f: number, start: number, end: number, node: NodeSummary, only: number) => {
    const sorted = order[f]!;
    const scan = criterion.scanner(node);
    let best: { gain: number; threshold: number } | undefined;
    let previous = -1;
    let nLeft = 0;
    for (let i = start; i < end; i++) {
      const r = sorted[i]!;
      if (only !== 0 && side[r] !== only) continue;
      if (
        previous >= 0 &&
        x(previous, f) < x(r, f) &&
        nLeft >= limits.minLeaf &&
        node.count - nLeft >= limits.minLeaf
      ) {
        const gain = scan.score(nLeft, node.count - nLeft);
        if (!best || gain > best.gain + 1e-9 * Math.abs(best.gain))
          best = { gain, threshold: midpoint(x(previous, f), x(r, f)) };
      }
      scan.moveLeft(r);
      nLeft++;
      previous = r;
    }
    return best;
  };

  const markSides = (f: number, threshold: number, start: number, end: number) => {
    for (let i = start; i < end; i++) side[members[i]!] = x(members[i]!, f) > threshold ? 2 : 1;
  };

  /** Score of splitting at (f, threshold) and then splitting each side as well as one test can. */
  const lookahead = (f: number, threshold: number, start: number, end: number, features: number[]) => {
    markSides(f, threshold, start, end);
    let total = 0;
    for (const s of [1, 2]) {
      const child = criterion.summarise(members.subarray(start, end).filter((r) => side[r] === s));
      let best = child.unsplit;
      if (!child.pure && child.count >= 2 * limits.minLeaf)
        for (const g of features) best = Math.max(best, bestCut(g, start, end, child, s)?.gain ?? best);
      total += best;
    }
    return total;
  };

  const partition = (segment: Int32Array, start: number, end: number) => {
    let k = 0;
    for (let i = start; i < end; i++) if (side[segment[i]!] === 1) buffer[k++] = segment[i]!;
    for (let i = start; i < end; i++) if (side[segment[i]!] === 2) buffer[k++] = segment[i]!;
    segment.set(buffer.subarray(0, end - start), start);
  };

  const build = (start: number, end: number, depth: number, path: string): number => {
    const index = nodes.length;
    const count = end - start;
    const here = criterion.summarise(members.subarray(start, end));
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, depth, count, value: here.value });
    if (depth >= limits.maxDepth || here.pure || count < 2 * limits.minLeaf) return index;

    const features = new Rng(hashSeed(seed, path)).permutation(width);
    const look = width * width * count <= limits.lookaheadWork;
    let best = { score: Number.NEGATIVE_INFINITY, gain: Number.NEGATIVE_INFINITY, feature: -1, threshold: 0 };
    for (const f of features) {
      const cut = bestCut(f, start, end, here, 0);
      if (!cut) continue;
      // With lookahead, a split that is as good two levels down but better now wins the tie.
      const score = look ? lookahead(f, cut.threshold, start, end, features) : cut.gain;
      const tie = Math.abs(score - best.score) <= 1e-9 * Math.abs(best.score);
      if (best.feature < 0 || (tie ? cut.gain > best.gain + 1e-9 * Math.abs(best.gain) : score > best.score))
        best = { score, gain: cut.gain, feature: f, threshold: cut.threshold };
    }
    if (best.feature < 0) return index;

    markSides(best.feature, best.threshold, start, end);
    for (const segment of order) partition(segment, start, end);
    partition(members, start, end);
    const split = start + members.subarray(start, end).filter((r) => side[r] === 1).length;
    const left = build(start, split, depth + 1, `${path}L`);
    const right = build(split, end, depth + 1, `${path}R`);
    nodes[index] = { ...nodes[index]!, feature: best.feature, threshold: best.threshold, left, right };
    return index;
  };

  build(0, members.length, 0, '');
  return nodes;
}

/** The node a row reaches, following splits down to a leaf or to `maxDepth`, whichever comes first. */
export function reach(
  nodes: readonly TreeNode[],
  inputs: Matrix,
  row: number,
  maxDepth = Infinity,
): TreeNode {
  let node = nodes[0]!;
  while (node.feature >= 0 && node.depth < maxDepth) {
    node = nodes[inputs.data[row * inputs.cols + node.feature]! > node.threshold ? node.right : node.left]!;
  }
  return node;
}

/** Leaves of the tree cut at each depth 0..maxDepth (index = depth). */
export function leavesByDepth(nodes: readonly TreeNode[], maxDepth: number): number[] {
  return Array.from(
    { length: maxDepth + 1 },
    (_, d) => nodes.filter((n) => n.depth === d || (n.feature < 0 && n.depth < d)).length,
  );
}

/**
 * A float32 threshold strictly between two float32 values, so `x > t` splits them exactly once
 * stored as float32; `lo` itself when no float32 lies between.
 */
function midpoint(lo: number, hi: number): number {
  const t = Math.fround((lo + hi) / 2);
  return t >= lo && t < hi ? t : lo;
}

interface NodeSummary {
  readonly count: number;
  readonly value: Float32Array;
  readonly pure: boolean;
  /** The score (see Scanner) of leaving the node unsplit. */
  readonly unsplit: number;
  /** Class counts (class target) or [sum] (value target) over the node's examples. */
  readonly totals: Float64Array;
}

/** Scans one feature's sorted examples left to right, scoring each cut point. */
interface Scanner {
  moveLeft(row: number): void;
  /**
   * Higher is better: sum over both sides of (sum of target)^2 / count (squared class counts for a
   * class target). The squared error after the cut is a constant minus this.
   */
  score(nLeft: number, nRight: number): number;
}

interface Criterion {
  summarise(rows: Int32Array): NodeSummary;
  scanner(node: NodeSummary): Scanner;
}

function makeCriterion(target: TreeTarget): Criterion {
  if (target.kind === 'class') {
    const { labels, classes } = target;
    return {
      summarise(rows) {
        const totals = new Float64Array(classes);
        for (const r of rows) totals[labels[r]!]!++;
        const n = rows.length;
        return {
          count: n,
          totals,
          unsplit: n > 0 ? totals.reduce((s, c) => s + c * c, 0) / n : 0,
          value: Float32Array.from(totals, (c) => (n > 0 ? c / n : 0)),
          pure: totals.some((c) => c === n),
        };
      },
      scanner({ totals }) {
        const left = new Float64Array(classes);
        let squaresLeft = 0;
        let squaresRight = totals.reduce((s, c) => s + c * c, 0);
        return {
          moveLeft(row) {
            const k = labels[row]!;
            squaresLeft += 2 * left[k]! + 1;
            squaresRight -= 2 * (totals[k]! - left[k]!) - 1;
            left[k]!++;
          },
          score: (nLeft, nRight) => squaresLeft / nLeft + squaresRight / nRight,
        };
      },
    };
  }
  const { values } = target;
  return {
    summarise(rows) {
      const n = rows.length;
      let sum = 0;
      for (const r of rows) sum += values[r]!;
      const mean = n > 0 ? sum / n : 0;
      let squaredError = 0;
      for (const r of rows) squaredError += (values[r]! - mean) ** 2;
      return {
        count: n,
        totals: Float64Array.of(sum),
        unsplit: n > 0 ? (sum * sum) / n : 0,
        value: Float32Array.of(mean),
        pure: squaredError <= 1e-12 * Math.max(1, n),
      };
    },
    scanner({ totals }) {
      const total = totals[0]!;
      let sumLeft = 0;
      return {
        moveLeft(row) {
          sumLeft += values[row]!;
        },
        score: (nLeft, nRight) => (sumLeft * sumLeft) / nLeft + (total - sumLeft) ** 2 / nRight,
      };
    },
  };
}
