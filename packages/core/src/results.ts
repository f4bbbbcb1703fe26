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

/** A claim of the argument and what the data say about it. */
export interface ClaimVerdict {
  id: string;
  statement: string;
  verdict: 'supported' | 'contradicted' | 'inconclusive';
  effect?: number | null;
  ci?: [number | null, number | null];
  /** The numbers and cells the verdict rests on, in words. */
  evidence: string;
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
