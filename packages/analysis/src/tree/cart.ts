/** A node of a classification tree: a leaf with a class, or a split `feature <= threshold`. */
export type TreeNode =
  | { readonly leaf: true; readonly label: number }
  | {
      readonly leaf: false;
      readonly feature: number;
      readonly threshold: number;
      readonly left: TreeNode;
      readonly right: TreeNode;
    };

/** Options of the tree learner. */
export interface CartOptions {
  readonly maxDepth: number;
  /** Fewest examples a leaf may hold. */
  readonly minLeaf?: number;
}

/**
 * A tiny CART classifier: binary splits chosen by the largest Gini impurity decrease, grown to
 * `maxDepth`; leaves predict their majority label (ties to the smaller label).
 * `features` is row-major [rows x cols].
 */
export function fitTree(
  features: Float64Array,
  cols: number,
  labels: Int32Array,
  options: CartOptions,
): TreeNode {
  const rows = Array.from({ length: labels.length }, (_, i) => i);
  return grow(features, cols, labels, rows, options.maxDepth, options.minLeaf ?? 1);
}

/** The tree's label for one feature row. */
export function predictTree(tree: TreeNode, features: Float64Array, cols: number, row: number): number {
  let node = tree;
  while (!node.leaf) node = features[row * cols + node.feature]! <= node.threshold ? node.left : node.right;
  return node.label;
}

function majority(labels: Int32Array, rows: readonly number[]): { label: number; pure: boolean } {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(labels[r]!, (counts.get(labels[r]!) ?? 0) + 1);
  let label = 0;
  let best = -1;
  for (const [l, c] of counts) if (c > best || (c === best && l < label)) [label, best] = [l, c];
  return { label, pure: counts.size <= 1 };
}

function gini(counts: Map<number, number>, n: number): number {
  if (n === 0) return 0;
  let s = 1;
  for (const c of counts.values()) s -= (c / n) ** 2;
  return s;
}

function grow(
  x: Float64Array,
  cols: number,
  labels: Int32Array,
  rows: readonly number[],
  depth: number,
  minLeaf: number,
): TreeNode {
  const { label, pure } = majority(labels, rows);
  if (depth === 0 || pure || rows.length < 2 * minLeaf) return { leaf: true, label };
  const total = new Map<number, number>();
  for (const r of rows) total.set(labels[r]!, (total.get(labels[r]!) ?? 0) + 1);
  const parent = gini(total, rows.length);
  let best: { feature: number; threshold: number; gain: number } | undefined;
  for (let f = 0; f < cols; f++) {
    const sorted = [...rows].sort((a, b) => x[a * cols + f]! - x[b * cols + f]!);
    const left = new Map<number, number>();
    const right = new Map(total);
    for (let i = 0; i < sorted.length - 1; i++) {
      const l = labels[sorted[i]!]!;
      left.set(l, (left.get(l) ?? 0) + 1);
      right.set(l, right.get(l)! - 1);
      const here = x[sorted[i]! * cols + f]!;
      const next = x[sorted[i + 1]! * cols + f]!;
      const nLeft = i + 1;
      if (here === next || nLeft < minLeaf || sorted.length - nLeft < minLeaf) continue;
      const impurity =
        (nLeft * gini(left, nLeft) + (sorted.length - nLeft) * gini(right, sorted.length - nLeft)) /
        sorted.length;
      const gain = parent - impurity;
      if (gain > 1e-12 && (!best || gain > best.gain))
        best = { feature: f, threshold: (here + next) / 2, gain };
    }
  }
  if (!best) return { leaf: true, label };
  const leftRows = rows.filter((r) => x[r * cols + best.feature]! <= best.threshold);
  const rightRows = rows.filter((r) => x[r * cols + best.feature]! > best.threshold);
  return {
    leaf: false,
    feature: best.feature,
    threshold: best.threshold,
    left: grow(x, cols, labels, leftRows, depth - 1, minLeaf),
    right: grow(x, cols, labels, rightRows, depth - 1, minLeaf),
  };
}
