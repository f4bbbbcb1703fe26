import {
  decodeFloat32,
  encodeFloat32,
  type Intervention,
  type Matrix,
  matrix,
  type OutputHead,
  outputWidth,
  ScrutableError,
} from '@scrutable/core';
import type { TreeNode } from './cart.js';
import { argmaxOf, type LearnedTree, type TreeSpec } from './learner.js';
import { intervenedTruth } from './site-truth.js';

/**
 * A reference to a tree's child: an internal node's index (>= 0) or a rule's index r encoded as
 * -1 - r (< 0).
 */
type ChildRef = number;

/** One tree of the model: the columns it writes, where its nodes and rules sit, and its fallback. */
export interface ModelTree extends TreeSpec {
  readonly root: ChildRef;
  /** Its internal nodes are nodes [nodeStart, nodeEnd); its rules (leaves) rules [ruleStart, ruleEnd). */
  readonly nodeStart: number;
  readonly nodeEnd: number;
  readonly ruleStart: number;
  readonly ruleEnd: number;
  /** What the tree concludes when no rule of it fires: the training distribution (or mean) of its target. */
  readonly fallback: Float32Array;
  /** The budget it was grown under and its validation score (NaN when no rows were held out). */
  readonly maxDepth: number;
  readonly minLeaf: number;
  readonly validationScore: number;
}

/** One literal of a rule: the test of `node` is true (`x[feature] > threshold`) or false. */
export interface Literal {
  readonly node: number;
  readonly feature: number;
  readonly threshold: number;
  readonly above: boolean;
}

/** A rule as data: a conjunction of literals and the output scores it adds when it decides. */
export interface RuleView {
  readonly index: number;
  readonly tree: number;
  readonly literals: readonly Literal[];
  /** Its column of the `leaves` matrix: one score per output column. */
  readonly conclusion: Float32Array;
  /** Training examples that reached it. */
  readonly support: number;
  readonly label: string;
}

/** Size of the model in the usual rule-learning terms. */
export interface Complexity {
  readonly trees: number;
  readonly rules: number;
  readonly nodes: number;
  readonly literals: number;
  readonly depth: number;
}

/**
 * Decision trees read as rules. Every node's test is evaluated on every example at once (the `nodes`
 * site); each tree then follows its tests from the root to exactly one rule (the `rules` site, one-hot
 * per tree); the outputs are `leaves` · rules, where `leaves` is [output columns x rules].
 */
export class RuleModel {
  /** Per rule: its literals from root to leaf. */
  private readonly paths: Literal[][];

  constructor(
    readonly heads: readonly OutputHead[],
    readonly inputNames: readonly string[],
    readonly trees: readonly ModelTree[],
    readonly feature: Int32Array,
    readonly thresholds: Float32Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly support: Int32Array,
    readonly leaves: Float32Array,
  ) {
    this.paths = Array.from({ length: support.length }, () => []);
    for (const tree of trees) this.collectPaths(tree.root, []);
  }

  /** Compiles learned trees, numbering nodes and rules depth-first, tree after tree. */
  static fromTrees(
    learned: readonly LearnedTree[],
    heads: readonly OutputHead[],
    inputNames: readonly string[],
  ): RuleModel {
    const feature: number[] = [];
    const thresholds: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const leafValues: { tree: TreeSpec; value: Float32Array; count: number }[] = [];
    const trees: ModelTree[] = learned.map(({ spec, nodes, budget }) => {
      const nodeStart = feature.length;
      const ruleStart = leafValues.length;
      const compile = (node: TreeNode): ChildRef => {
        if (node.feature < 0) {
          leafValues.push({ tree: spec, value: node.value, count: node.count });
          return -leafValues.length;
        }
        const index = feature.length;
        feature.push(node.feature);
        thresholds.push(node.threshold);
        left.push(0);
        right.push(0);
        left[index] = compile(nodes[node.left]!);
        right[index] = compile(nodes[node.right]!);
        return index;
      };
      const root = compile(nodes[0]!);
      return {
        ...spec,
        root,
        nodeStart,
        nodeEnd: feature.length,
        ruleStart,
        ruleEnd: leafValues.length,
        fallback: nodes[0]!.value.slice(),
        maxDepth: budget.maxDepth,
        minLeaf: budget.minLeaf,
        validationScore: budget.validationScore,
      };
    });
    const width = outputWidth(heads);
    const rules = leafValues.length;
    const leaves = new Float32Array(width * rules);
    leafValues.forEach(({ tree, value }, j) => {
      value.forEach((v, k) => {
        leaves[(tree.start + k) * rules + j] = v;
      });
    });
    return new RuleModel(
      heads,
      inputNames,
      trees,
      Int32Array.from(feature),
      Float32Array.from(thresholds),
      Int32Array.from(left),
      Int32Array.from(right),
      Int32Array.from(leafValues, (l) => l.count),
      leaves,
    );
  }

  /** Number of internal nodes (tests). */
  get nodeCount(): number {
    return this.feature.length;
  }

  /** Number of rules (leaves). */
  get ruleCount(): number {
    return this.support.length;
  }

  /** Total output width. */
  get outputWidth(): number {
    return outputWidth(this.heads);
  }

  /** Truth of every node's test on every example: [examples x nodes], 1 when x[feature] > threshold. */
  nodeStates(inputs: Matrix): Matrix {
    const n = this.nodeCount;
    const out = matrix(inputs.rows, n);
    for (let r = 0; r < inputs.rows; r++)
      for (let k = 0; k < n; k++)
        out.data[r * n + k] = inputs.data[r * inputs.cols + this.feature[k]!]! > this.thresholds[k]! ? 1 : 0;
    return out;
  }

  /** The rule each tree reaches by following the given node truths: [examples x trees] rule indices. */
  route(nodeTruth: Matrix): Int32Array {
    const reached = new Int32Array(nodeTruth.rows * this.trees.length);
    for (let r = 0; r < nodeTruth.rows; r++) {
      this.trees.forEach((tree, t) => {
        let ref = tree.root;
        while (ref >= 0)
          ref = nodeTruth.data[r * nodeTruth.cols + ref]! > 0.5 ? this.right[ref]! : this.left[ref]!;
        reached[r * this.trees.length + t] = -1 - ref;
      });
    }
    return reached;
  }

  /** The `rules` site: one-hot per tree on the rule it reached. */
  ruleStates(reached: Int32Array, rows: number): Matrix {
    const out = matrix(rows, this.ruleCount);
    const t = this.trees.length;
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < t; i++) out.data[r * this.ruleCount + reached[r * t + i]!] = 1;
    return out;
  }

  /**
   * Outputs with interventions at `nodes` (applied first: they change which rule each tree reaches) and
   * at `rules`. At `rules`, per tree: rules an intervention switched on decide (their conclusions
   * averaged when several); otherwise the reached rule decides if still on; otherwise (its rule was
   * ablated or clamped off) the tree's fallback decides.
   */
  run(inputs: Matrix, interventions: readonly Intervention[] = []): Matrix {
    const atNodes = interventions.filter((iv) => iv.site === 'nodes');
    const atRules = interventions.filter((iv) => iv.site === 'rules');
    const natural = this.nodeStates(inputs);
    const reached = this.route(atNodes.length > 0 ? intervenedTruth(natural, atNodes) : natural);
    const rulesOn =
      atRules.length > 0 ? intervenedTruth(this.ruleStates(reached, inputs.rows), atRules) : undefined;
    return this.outputs(reached, inputs.rows, rulesOn);
  }

  /** Sums each tree's deciding conclusion into the output row. */
  private outputs(reached: Int32Array, rows: number, rulesOn: Matrix | undefined): Matrix {
    const width = this.outputWidth;
    const rules = this.ruleCount;
    const out = matrix(rows, width);
    const addConclusion = (r: number, j: number, weight: number) => {
      for (let i = 0; i < width; i++) out.data[r * width + i]! += weight * this.leaves[i * rules + j]!;
    };
    const trees = this.trees.length;
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < trees; t++) {
        const tree = this.trees[t]!;
        const natural = reached[r * trees + t]!;
        if (!rulesOn) {
          addConclusion(r, natural, 1);
          continue;
        }
        const on = (j: number) => rulesOn.data[r * rules + j] === 1;
        const forced: number[] = [];
        for (let j = tree.ruleStart; j < tree.ruleEnd; j++) if (j !== natural && on(j)) forced.push(j);
        if (forced.length > 0) for (const j of forced) addConclusion(r, j, 1 / forced.length);
        else if (on(natural)) addConclusion(r, natural, 1);
        else for (let k = 0; k < tree.width; k++) out.data[r * width + tree.start + k]! += tree.fallback[k]!;
      }
    }
    return out;
  }

  /** A rule as data, with its current conclusion. */
  rule(j: number): RuleView {
    const tree = this.treeOfRule(j);
    return {
      index: j,
      tree,
      literals: this.paths[j]!.map((l) => ({ ...l, threshold: this.thresholds[l.node]! })),
      conclusion: Float32Array.from(
        { length: this.outputWidth },
        (_, i) => this.leaves[i * this.ruleCount + j]!,
      ),
      support: this.support[j]!,
      label: this.ruleLabel(j),
    };
  }

  /** `name > t ∧ other ≤ u → head = conclusion`, or `always → ...` for a tree that is one rule. */
  ruleLabel(j: number): string {
    const literals = this.paths[j]!.map((l) => this.literalText(l));
    const tree = this.trees[this.treeOfRule(j)]!;
    const column = Float32Array.from(
      { length: tree.width },
      (_, k) => this.leaves[(tree.start + k) * this.ruleCount + j]!,
    );
    return `${literals.length > 0 ? literals.join(' ∧ ') : 'always'} → ${this.conclusionText(tree, column)}`;
  }

  /** `name > t` for node k. */
  nodeLabel(k: number): string {
    return this.literalText({
      node: k,
      feature: this.feature[k]!,
      threshold: this.thresholds[k]!,
      above: true,
    });
  }

  /** Trees, rules, tests, literals (summed rule lengths) and the deepest rule. */
  complexity(): Complexity {
    const lengths = this.paths.map((p) => p.length);
    return {
      trees: this.trees.length,
      rules: this.ruleCount,
      nodes: this.nodeCount,
      literals: lengths.reduce((s, x) => s + x, 0),
      depth: Math.max(0, ...lengths),
    };
  }

  /** The whole model as text: one block per tree, one line per rule, then the tree's fallback. */
  describe(): string {
    const c = this.complexity();
    const lines = [
      `Decision rules: ${c.trees} trees, ${c.rules} rules, ${c.nodes} tests, ${c.literals} literals, depth ≤ ${c.depth}.`,
    ];
    this.trees.forEach((tree, t) => {
      const validation = Number.isNaN(tree.validationScore)
        ? 'no validation rows'
        : `validation ${format(tree.validationScore)}`;
      lines.push(
        `Tree ${t} (${this.outputName(tree)}, ${tree.kind}; budget depth ${tree.maxDepth}, min leaf ${tree.minLeaf}; ${validation}):`,
      );
      for (let j = tree.ruleStart; j < tree.ruleEnd; j++)
        lines.push(`  r${j}: ${this.ruleLabel(j)}  [${this.support[j]} training examples]`);
      lines.push(`  fallback when no rule fires: ${this.conclusionText(tree, tree.fallback)}`);
    });
    return lines.join('\n');
  }

  /** JSON-safe form; `fromJSON` restores it exactly. */
  toJSON(): unknown {
    return {
      heads: this.heads,
      inputNames: this.inputNames,
      trees: this.trees.map((t) => ({
        ...t,
        fallback: encodeFloat32(t.fallback),
        validationScore: Number.isNaN(t.validationScore) ? null : t.validationScore,
      })),
      feature: Array.from(this.feature),
      thresholds: encodeFloat32(this.thresholds),
      left: Array.from(this.left),
      right: Array.from(this.right),
      support: Array.from(this.support),
      leaves: encodeFloat32(this.leaves),
    };
  }

  /** Restores `toJSON` output; throws BAD_STATE when it is not a consistent model. */
  static fromJSON(data: unknown, inputWidth: number): RuleModel {
    try {
      const d = data as Record<string, unknown>;
      const heads = d.heads as OutputHead[];
      const inputNames = d.inputNames as string[];
      const feature = Int32Array.from(d.feature as number[]);
      const left = Int32Array.from(d.left as number[]);
      const right = Int32Array.from(d.right as number[]);
      const support = Int32Array.from(d.support as number[]);
      const thresholds = decodeFloat32(d.thresholds as string);
      const leaves = decodeFloat32(d.leaves as string);
      const trees = (d.trees as Record<string, unknown>[]).map(
        (t) =>
          ({
            ...t,
            fallback: decodeFloat32(t.fallback as string),
            validationScore: t.validationScore === null ? Number.NaN : t.validationScore,
          }) as ModelTree,
      );
      const nodes = feature.length;
      const rules = support.length;
      const consistent =
        Array.isArray(heads) &&
        heads.every(
          (h) =>
            typeof h?.name === 'string' &&
            ['class', 'binary', 'real'].includes(h.kind) &&
            Number.isInteger(h.size) &&
            h.size > 0,
        ) &&
        support.every((n) => n >= 0) &&
        Array.isArray(inputNames) &&
        inputNames.length === inputWidth &&
        left.length === nodes &&
        right.length === nodes &&
        thresholds.length === nodes &&
        leaves.length === outputWidth(heads) * rules &&
        feature.every((f) => f >= 0 && f < inputWidth) &&
        trees.every((t, i) => validTree(t, trees[i - 1], left, right, outputWidth(heads))) &&
        (trees.at(-1)?.nodeEnd ?? 0) === nodes &&
        (trees.at(-1)?.ruleEnd ?? 0) === rules;
      if (!consistent) throw new Error('inconsistent');
      const model = new RuleModel(
        heads,
        inputNames,
        trees,
        feature,
        thresholds,
        left,
        right,
        support,
        leaves,
      );
      if (model.paths.some((p, j) => p.length === 0 && model.trees[model.treeOfRule(j)]!.root !== -1 - j))
        throw new Error('unreachable rule');
      return model;
    } catch {
      throw new ScrutableError('BAD_STATE', 'not a saved symbolic model');
    }
  }

  private collectPaths(ref: ChildRef, literals: Literal[]): void {
    if (ref < 0) {
      this.paths[-1 - ref] = literals;
      return;
    }
    const test = { node: ref, feature: this.feature[ref]!, threshold: this.thresholds[ref]! };
    this.collectPaths(this.left[ref]!, [...literals, { ...test, above: false }]);
    this.collectPaths(this.right[ref]!, [...literals, { ...test, above: true }]);
  }

  private treeOfRule(j: number): number {
    return this.trees.findIndex((t) => j >= t.ruleStart && j < t.ruleEnd);
  }

  private literalText(l: Literal): string {
    // The threshold is read live, so a threshold edit shows in the labels.
    const name = this.inputNames[l.feature] ?? `x${l.feature}`;
    return `${name} ${l.above ? '>' : '≤'} ${format(this.thresholds[l.node]!, 4)}`;
  }

  private outputName(tree: ModelTree): string {
    const head = this.heads.find((h) => h.name === tree.head);
    return tree.kind !== 'class' && (head?.size ?? 1) > 1 ? `${tree.head}[${tree.offset}]` : tree.head;
  }

  private conclusionText(tree: ModelTree, column: Float32Array): string {
    if (tree.kind === 'class') {
      const k = argmaxOf(column);
      return `${tree.head} = ${k} (${format(column[k]!)})`;
    }
    const v = column[0]!;
    return tree.kind === 'bit'
      ? `${this.outputName(tree)} = ${v > 0.5 ? 1 : 0} (${format(v)})`
      : `${this.outputName(tree)} = ${format(v)}`;
  }
}

/** Tree ranges follow on from the previous tree and its children stay inside them, deeper than their parent. */
function validTree(
  t: ModelTree,
  previous: ModelTree | undefined,
  left: Int32Array,
  right: Int32Array,
  width: number,
): boolean {
  const inside = (ref: number, parent: number) =>
    Number.isInteger(ref) &&
    (ref >= 0 ? ref > parent && ref < t.nodeEnd : -1 - ref >= t.ruleStart && -1 - ref < t.ruleEnd);
  let children = true;
  for (let k = t.nodeStart; k < t.nodeEnd; k++) children &&= inside(left[k]!, k) && inside(right[k]!, k);
  return (
    ['class', 'bit', 'real'].includes(t.kind) &&
    typeof t.head === 'string' &&
    t.nodeStart === (previous?.nodeEnd ?? 0) &&
    t.ruleStart === (previous?.ruleEnd ?? 0) &&
    t.nodeEnd >= t.nodeStart &&
    t.ruleEnd > t.ruleStart &&
    [t.start, t.width, t.offset, t.nodeStart, t.nodeEnd, t.ruleStart, t.ruleEnd].every(Number.isInteger) &&
    t.start >= 0 &&
    t.start + t.width <= width &&
    t.fallback.length === t.width &&
    inside(t.root, t.nodeStart - 1) &&
    children
  );
}

function format(v: number, digits = 3): string {
  return String(Number(v.toPrecision(digits)));
}
