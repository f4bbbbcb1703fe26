import type { Dataset, LabelledSplit } from '@scrutable/core';

/** The task families. */
export type DomainId =
  | 'boolean'
  | 'modadd'
  | 'facts'
  | 'gridworld'
  | 'shapes'
  | 'grammar'
  | 'yinyang'
  | 'parity'
  | 'teacher'
  | 'cues'
  | 'latency';

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
  /** The task family, or `file` for a task read from a CSV file (`readTaskCsv`). */
  readonly domain: DomainId | 'file';
  readonly level: number;
  readonly seed: number;
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  /** Accuracy of the best constant guess on the test split (averaged over heads like core `accuracy`). */
  readonly chance: number;
  /**
   * Test accuracy of a ridge readout of the raw inputs, its strength chosen on validation rows of the
   * training split (see `linearBaseline`); computed on first read. Every generated task has it; a
   * hand-made instance (in a test) may leave it out.
   */
  readonly linear?: number;
  /** The linear baseline reaches chance + 0.8 · (1 − chance): the level needs no learned features. */
  readonly trivial?: boolean;
  /** The domain's complexity measure at this level (see docs/domains.md); increases with level. */
  readonly complexity: number;
  readonly structure: DomainStructure;
  /**
   * False when `groundTruth` cannot answer (a task read from a file holds latents for its rows but no
   * causal model), so the analyses that need counterfactual outputs are not applicable. Generated
   * tasks have it true; a hand-made instance may leave it out (then true).
   */
  readonly hasCausalModel?: boolean;
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
    }
  | {
      readonly domain: 'yinyang';
      /** Radius of the dots; the big circle has radius 0.5 in the plane's own coordinates. */
      readonly dotRadius: number;
      /**
       * [inputs x 4] row-major: input row = embedding · (x, y, 1 − x, 1 − y) plus the nuisance inputs,
       * so the plane is recovered as the first four coordinates of embeddingᵀ · input.
       */
      readonly embedding: Float32Array;
    }
  | {
      readonly domain: 'parity';
      readonly bits: number;
      /** The input bits whose parity is the target, in the order the partial parities take them. */
      readonly relevant: readonly number[];
    }
  | {
      readonly domain: 'teacher';
      readonly inputs: number;
      readonly hidden: number;
      readonly classes: number;
      /** [hidden x inputs] row-major first-layer weights, then [hidden] biases. */
      readonly w1: Float32Array;
      readonly b1: Float32Array;
      /** [classes x hidden] row-major readout weights. */
      readonly w2: Float32Array;
    }
  | {
      /** A task read from a CSV file: its data and latents, no structure beyond them. */
      readonly domain: 'file';
      /** Where the data came from, as the reader was told. */
      readonly source: string;
    }
  | ({ readonly domain: 'cues' } & TimeBinnedLayout)
  | ({
      readonly domain: 'latency';
      /**
       * Per template, per channel: the spike's latency in bins after the onset, or -1 on a channel the
       * templates leave silent (it carries background spikes only).
       */
      readonly templates: ReadonlyArray<readonly number[]>;
      /** Each template spike moves by up to this many bins either way, drawn per trial. */
      readonly jitter: number;
      /** Probability of a background spike in each bin of each channel. */
      readonly noiseRate: number;
    } & TimeBinnedLayout);

/** How a temporal task's input row lays out time: bins side by side, each holding every channel. */
export interface TimeBinnedLayout {
  /** Time bins of one trial; input `t<bin>_<channel>` is the bin's activity on that channel. */
  readonly bins: number;
  /** Channel names in input order within a bin. */
  readonly channels: readonly string[];
  /** Simulated duration of one bin, for substrates that present the bins in time. */
  readonly binMs: number;
}
