import {
  accuracy,
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  type Intervention,
  type Matrix,
  type Observation,
  type ObserveOptions,
  type ParameterView,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { resolveConfig, type SymbolicConfig } from './config.js';
import { learnTrees } from './learner.js';
import { RuleModel, type RuleView } from './rule-model.js';

const INFO: SubstrateInfo = {
  id: 'symbolic',
  family: 'symbolic',
  synchronous: true,
  description:
    'CART decision trees (one per class head, bit or value) read as rules, with depth and leaf size chosen on held-out rows; every rule is evaluated at once.',
};

/**
 * The symbolic baseline: decision trees whose internal tests are the `nodes` site and whose leaves
 * are the `rules` site, each unit labelled with its readable text.
 */
export class SymbolicSubstrate extends BaseSubstrate {
  readonly info = INFO;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
    'serialize',
  ]);
  private model: RuleModel | undefined;

  constructor(readonly config: SymbolicConfig) {
    super();
  }

  /** The whole model as readable text: every tree, every rule, every fallback. */
  describe(): string {
    return this.fittedModel().describe();
  }

  /** Every rule as data (literals, conclusion, support, label). */
  rules(): RuleView[] {
    const model = this.fittedModel();
    return Array.from({ length: model.ruleCount }, (_, j) => model.rule(j));
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const started = performance.now();
    const { train, heads } = dataset;
    const trees = learnTrees(train, heads, {
      ...this.config,
      seed: options.seed,
      onTree: (done, total) => {
        options.signal?.throwIfAborted();
        options.onProgress?.({ fraction: done / total, message: `tree ${done} of ${total}` });
      },
    });
    const names = dataset.inputNames?.length === train.inputs.cols ? dataset.inputNames : undefined;
    const inputNames = names ?? Array.from({ length: train.inputs.cols }, (_, j) => `x${j}`);
    this.model = RuleModel.fromTrees(trees, heads, inputNames);
    const c = this.model.complexity();
    const validation = trees.map((t) => t.budget.validationScore).filter((v) => !Number.isNaN(v));
    const depths = trees.map((t) => t.budget.maxDepth);
    return {
      epochs: 1,
      wallMs: performance.now() - started,
      trainScore: accuracy(this.model.run(train.inputs), train.targets, heads),
      details: {
        trees: c.trees,
        rules: c.rules,
        nodes: c.nodes,
        literals: c.literals,
        depth: c.depth,
        meanRuleLength: c.rules > 0 ? c.literals / c.rules : 0,
        chosenDepthMin: Math.min(...depths),
        chosenDepthMax: Math.max(...depths),
        validationScore:
          validation.length > 0 ? validation.reduce((s, v) => s + v, 0) / validation.length : 'none',
      },
    };
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.fittedModel().run(inputs);
  }

  protected _units(): UnitGroup[] {
    const model = this.fittedModel();
    const rules: UnitGroup = {
      site: 'rules',
      size: model.ruleCount,
      state: 'truth',
      labels: Array.from({ length: model.ruleCount }, (_, j) => model.ruleLabel(j)),
    };
    if (model.nodeCount === 0) return [rules];
    const nodes: UnitGroup = {
      site: 'nodes',
      size: model.nodeCount,
      state: 'truth',
      labels: Array.from({ length: model.nodeCount }, (_, k) => model.nodeLabel(k)),
    };
    return [nodes, rules];
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    _options: ObserveOptions,
  ): Promise<Observation> {
    const started = performance.now();
    const model = this.fittedModel();
    const nodes = model.nodeStates(inputs);
    const states: Record<string, Matrix> = {};
    if (sites.includes('nodes')) states.nodes = nodes;
    if (sites.includes('rules')) states.rules = model.ruleStates(model.route(nodes), inputs.rows);
    return {
      states,
      cost: forwardPassCost(inputs.rows, started),
    };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    return this.fittedModel().run(inputs, interventions);
  }

  protected override _parameters(): ParameterView[] {
    const model = this.fittedModel();
    const leaves: ParameterView = {
      name: 'leaves',
      from: 'rules',
      to: 'output',
      rows: model.outputWidth,
      cols: model.ruleCount,
      read: () => model.leaves.slice(),
    };
    if (model.nodeCount === 0) return [leaves];
    const thresholds: ParameterView = {
      name: 'thresholds',
      to: 'nodes',
      rows: model.nodeCount,
      cols: 1,
      read: () => model.thresholds.slice(),
    };
    return [thresholds, leaves];
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const model = this.fittedModel();
    const target = name === 'thresholds' ? model.thresholds : model.leaves;
    for (let i = 0; i < delta.length; i++) target[i]! += delta[i]!;
  }

  protected override _save(): unknown {
    return { config: this.config, inputWidth: this.inputWidth, model: this.fittedModel().toJSON() };
  }

  /** Restores a saved symbolic substrate; throws BAD_STATE for anything else. */
  static restore(saved: SerializedSubstrate): SymbolicSubstrate {
    const data = saved?.data as { config?: unknown; inputWidth?: unknown; model?: unknown } | undefined;
    if (
      saved?.substrate !== INFO.id ||
      saved.formatVersion !== 1 ||
      !data ||
      !Number.isInteger(data.inputWidth)
    )
      throw new ScrutableError('BAD_STATE', 'not a saved symbolic substrate');
    let config: SymbolicConfig;
    try {
      config = resolveConfig(data.config);
    } catch {
      throw new ScrutableError('BAD_STATE', 'saved symbolic substrate has an invalid config');
    }
    const model = RuleModel.fromJSON(data.model, data.inputWidth as number);
    const substrate = new SymbolicSubstrate(config);
    substrate.model = model;
    substrate.markLoaded(model.heads, data.inputWidth as number);
    return substrate;
  }

  private fittedModel(): RuleModel {
    this.requireFitted();
    return this.model!;
  }
}

/** Factory for the symbolic substrate; config: `{ maxDepth?, minLeafSizes?, validationFraction? }`. */
export const symbolicFactory: SubstrateFactory = {
  id: INFO.id,
  family: INFO.family,
  synchronous: INFO.synchronous,
  learning: 'rule induction (CART decision trees)',
  description: INFO.description,
  create: (options) => new SymbolicSubstrate(resolveConfig(options?.config)),
  load: async (saved) => SymbolicSubstrate.restore(saved),
};
