import type { Dataset, LabelledSplit } from '@scrutable/core';

/** The six domains. */
export type DomainId = 'boolean' | 'modadd' | 'facts' | 'gridworld' | 'shapes' | 'grammar';

/** A domain as listed by `DOMAINS`. */
export interface DomainInfo {
  readonly id: DomainId;
  /** One sentence on what the domain is. */
  readonly description: string;
  /** Latent names at level 1, in `train.latents` order. */
  readonly latents: readonly string[];
  /** Lowest and highest level, inclusive. */
  readonly levels: readonly [number, number];
}

/** A generated domain instance: data, ground-truth latents, and the structure the analyses need. */
export interface TaskInstance extends Dataset {
  readonly domain: DomainId;
  readonly level: number;
  readonly seed: number;
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  /** Accuracy of the best constant guess on the test split (averaged over heads like core `accuracy`). */
  readonly chance: number;
  /** The domain's complexity measure at this level (see docs/domains.md); increases with level. */
  readonly complexity: number;
  readonly structure: DomainStructure;
  /**
   * False when `groundTruth` cannot answer with latents forced (a table of examples without a causal
   * model, say): the analyses that need counterfactual outputs then do not apply. Absent = it can.
   */
  readonly causalModel?: boolean;
  /**
   * The ground truth as a causal model: the latents (in `train.latents` order) and targets for one
   * input row, with the listed latents forced to values (a forced latent propagates to everything
   * computed from it, so interchange interventions have a true answer).
   */
  groundTruth(
    input: Float32Array,
    overrides?: ReadonlyMap<number, number>,
  ): { latents: Float32Array; targets: Float32Array };
}

/** Gate kinds of a boolean circuit. */
export type GateOp = 'and' | 'or' | 'xor' | 'nand' | 'nor' | 'not';

/**
 * A boolean circuit. Nodes 0..inputs-1 are the input bits; node inputs+g is gate g. Gates are in
 * topological order (args only name earlier nodes). Outputs name the nodes that are targets.
 */
export interface Circuit {
  readonly inputs: number;
  readonly gates: ReadonlyArray<{ readonly op: GateOp; readonly args: readonly number[] }>;
  readonly outputs: readonly number[];
}

/** Structure per domain, discriminated by `domain`. */
export type DomainStructure =
  | {
      readonly domain: 'boolean';
      readonly circuit: Circuit;
      /** Latent name (e.g. `g3`) -> circuit node index, for every gate latent. */
      readonly latentNodes: Readonly<Record<string, number>>;
    }
  | {
      readonly domain: 'modadd';
      readonly p: number;
      /**
       * [p x p] row-major: row 0 constant, rows 2k-1 / 2k = cos / sin(2πk·x/p) for k = 1..(p-1)/2,
       * each row scaled to unit length so the basis is orthonormal.
       */
      readonly fourierBasis: Float32Array;
    }
  | {
      readonly domain: 'facts';
      readonly entities: number;
      readonly relations: number;
      readonly attributes: number;
      readonly paraphrases: number;
      /** Every fact: subject entity, relation, true attribute. */
      readonly facts: ReadonlyArray<{
        readonly entity: number;
        readonly relation: number;
        readonly attribute: number;
      }>;
      /** Input row for (entity, relation) in surface form `paraphrase` (0..paraphrases-1). */
      encode(entity: number, relation: number, paraphrase: number): Float32Array;
      /** Indices of facts with the same relation and another subject (CounterFact neighbourhood). */
      neighbourhood(fact: number): number[];
    }
  | {
      readonly domain: 'gridworld';
      readonly size: number;
      /**
       * Per test example (row-aligned with test inputs): the same maze and agent without cheese,
       * the action that steps toward the cheese, the action toward the default goal (used when no cheese),
       * and whether the two differ (a decision square).
       */
      readonly pairs: {
        readonly inputsWithoutCheese: import('@scrutable/core').Matrix;
        readonly towardCheese: Int32Array;
        readonly towardDefault: Int32Array;
        readonly decisionSquare: Uint8Array;
      };
      /** An SVG picture of test example `row`, optionally with an action (0..3) per open cell. */
      render(row: number, policy?: ArrayLike<number>): string;
    }
  | {
      readonly domain: 'shapes';
      readonly width: number;
      readonly height: number;
      /** Per test example, per pixel: 1 where the shape is (row-major width*height per example). */
      readonly masks: Uint8Array;
    }
  | {
      readonly domain: 'grammar';
      readonly states: number;
      readonly vocabulary: number;
      readonly contextLength: number;
      /** [states x vocabulary] row-major: probability that a state emits each token. */
      readonly emissions: Float32Array;
      /** [states x vocabulary] row-major: the state after a state emits a token (-1 where never emitted). */
      readonly transitions: Int32Array;
    };
