/**
 * TypeScript view of the results contract (`@scrutable/core/results.schema.json`, schemaVersion 1):
 * what `scrutable bench` writes and `report` / `merge` and outside tools read.
 */

/** Reading and training effort of one cell. */
export interface CellCost {
  fitMs?: number;
  analysisMs?: number;
  observeMs?: number;
  forwardPasses?: number;
  simulatedMs?: number;
  synapticEvents?: number;
  /** Milliseconds per analysis family (and `evidence`), as the analysis package reports them. */
  familyMs?: Record<string, number>;
}

/** One (substrate, task, level, seed) cell. */
export interface CellResult {
  /** Stable hash of the cell's config and code version. */
  id: string;
  substrate: string;
  task: string;
  level: number;
  seed: number;
  status: 'ok' | 'failed' | 'skipped';
  error?: string;
  /**
   * Test accuracy beside its baselines: `chance` (the best constant answer), `linear` (a ridge readout of
   * the raw inputs) and `trivial` (the linear baseline already reaches chance + 0.8 * (1 - chance)).
   */
  capability?: {
    metric: string;
    train: number;
    test: number;
    chance?: number;
    linear?: number;
    trivial?: boolean;
  };
  /** metric id (e.g. `decode.selectivity`) -> score in [0, 1], or null when unsupported. */
  metrics?: Record<string, number | null>;
  /** metric id -> why it is null. */
  unavailable?: Record<string, string>;
  raw?: Record<string, unknown>;
  index?: number | null;
  cost?: CellCost;
  /** metric id -> why an applicable metric found nothing (it scores 0). */
  nothingFound?: Record<string, string>;
  /** The reading-cost axis, beside the index. */
  readingCost?: ReadingCostEntry[];
}

/** Work per example read, as the substrate reports it (0 where it does not apply). */
export interface ReadingBudgetEntry {
  forwardPasses: number;
  simulatedMs: number;
  synapticEvents: number;
}

/** One family's reading cost: the budget per example that reaches 90% of its asymptotic score. */
export interface ReadingCostEntry {
  family: string;
  /** Its score at each reading tried (the last is the asymptote). */
  scores: number[];
  budgets: ReadingBudgetEntry[];
  asymptote: number;
  /** Null when the asymptote is below the decodable floor. */
  budget: ReadingBudgetEntry | null;
  /** Window of the budget (simulated ms) for substrates that run in time. */
  windowMs: number | null;
}

/** The four verdicts a pre-registered claim can get (`docs/metrics.md`, "Verdicts"). */
export type Verdict = 'supported' | 'contradicted' | 'negligible' | 'inconclusive';

/** One side of a matched cell: a substrate's run on that (task, level, seed). */
export interface MatchedSide {
  substrate: string;
  /** Test accuracy. */
  accuracy: number;
  /** The index over the contrast's families (null for a claim on accuracy alone). */
  index: number | null;
}

/** One (task, level, seed) a claim's effect rests on, with the runs compared there. */
export interface MatchedCell {
  task: string;
  level: number;
  seed: number;
  sides: MatchedSide[];
}

/** A claim of the argument and what the data say about it. */
export interface ClaimVerdict {
  /** `1a-A`, `1a-B`, `1a-C`, `1a`, `1b`, `symbolic-scaling`, ... */
  id: string;
  statement: string;
  verdict: Verdict;
  /**
   * Why a verdict is qualified: `underpowered` (inconclusive with a CI half-width above the largest
   * allowed) or `below-sesoi` (supported or contradicted, but the estimate is smaller than the smallest
   * effect of interest).
   */
  qualifier?: 'underpowered' | 'below-sesoi';
  effect?: number | null;
  ci?: [number | null, number | null];
  /** Half the width of `ci`; null when there is no interval. */
  halfWidth?: number | null;
  /** The tasks that contribute to the effect. */
  tasks?: string[];
  /** The matched cells the effect rests on. */
  matchedCells?: MatchedCell[];
  /** The numbers and cells the verdict rests on, in words. */
  evidence: string;
}

/** A substrate on one task level: mean test accuracy over seeds against the capability floor. */
export interface LevelCapabilityRow {
  substrate: string;
  task: string;
  level: number;
  accuracy: number;
  /** max(chance + 0.8·(1 − chance), linear + 0.5·(1 − linear)). */
  floor: number;
  capable: boolean;
  /** The linear baseline alone reaches chance + 0.8·(1 − chance): left out of verdicts. */
  trivial: boolean;
  seeds: number;
}

/** Reading budget of one family to reach 90% of its asymptote, per substrate, over tasks. */
export interface ReadingCostRow {
  family: string;
  /** The asynchronous substrate whose reading budget is measured. */
  substrate: string;
  /** Median over tasks of simulated ms to 90% of the asymptote, with its CI. */
  simulatedMs: number | null;
  simulatedMsCi: [number | null, number | null];
  /** Median over tasks of synaptic events to 90% of the asymptote, with its CI. */
  synapticEvents: number | null;
  synapticEventsCi: [number | null, number | null];
  /** Median over tasks of those events over one synchronous pass's synaptic operations, with its CI. */
  ratioToOnePass: number | null;
  ratioToOnePassCi: [number | null, number | null];
  tasks: string[];
}

/** Per-substrate summary row. */
export interface SubstrateSummary {
  substrate: string;
  /** Mean over its cells of each cell's index over its domain level's shared families (`indexFamilies`). */
  index: number | null;
  ci: [number | null, number | null];
  /** Why `ci` is [null, null] while there is an index (e.g. too few tasks for the level). */
  ciNote?: string;
  capability?: number | null;
  families?: Record<string, number | null>;
}

/** A control substrate against what a family must show on it. */
export interface SanityCheck {
  control: string;
  family: string;
  expected: string;
  observed: number | null;
  pass: boolean;
}

/** Shares of the index variance (they add up to 1). */
export interface VarianceDecomposition {
  domain: number;
  substrate: number;
  interaction: number;
  residual: number;
}

/** The summary block of results.json. */
export interface ResultsSummary {
  substrates: SubstrateSummary[];
  claims: ClaimVerdict[];
  varianceDecomposition?: VarianceDecomposition;
  /**
   * The same decomposition corrected for chance (ω²: a factor with no effect scores about 0, however
   * many levels it has), which claim 1b compares; interaction is null when it is the error term.
   */
  varianceOmegaSquared?: { domain: number; substrate: number; interaction: number | null };
  /**
   * Per domain level (`task/L<level>`), the families each cell's index is taken over in the
   * per-substrate index, the decomposition and claim 1b (those every compared substrate scored there),
   * and those left out (scored by some substrates only).
   */
  indexFamilies?: Record<string, { used: string[]; leftOut: string[] }>;
  sanity?: SanityCheck[];
  /** Capability of every substrate on every task level, as the verdicts decide it. */
  capability?: LevelCapabilityRow[];
  /** The cost of asynchrony: what the asynchronous twin needs to read each family, against one pass. */
  readingCost?: ReadingCostRow[];
  /** The smallest effect of interest and the widest CI half-width a verdict accepts. */
  verdictRule?: { smallestEffect: number; maxHalfWidth: number; level: number };
}

/** The whole results.json. */
export interface ResultsFile {
  schemaVersion: 1;
  suite: string;
  createdAt: string;
  environment: {
    node: string;
    platform: string;
    cpus: number;
    packages: Record<string, string>;
    backends?: Record<string, string>;
  };
  config: Record<string, unknown>;
  cells: CellResult[];
  summary: ResultsSummary;
}
