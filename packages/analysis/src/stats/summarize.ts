import type { CellResult, ResultsSummary, SubstrateSummary } from '@scrutable/core';
import { type BootstrapInterval, bootstrap, groupBy, mean, minimumUnits } from './bootstrap.js';
import { levelCapabilities } from './capability.js';
import {
  cellFamilyScore,
  cellIndex,
  comparisonCells,
  domainKey,
  nullIfNotFinite,
  onSharedFamilies,
  SCORE_FAMILIES,
  type SubstrateRoles,
} from './cells.js';
import { claimVerdicts } from './claims.js';
import { structureOf } from './complexity.js';
import { type SanityOptions, sanityChecks } from './sanity.js';
import { decomposeVariance } from './variance.js';
import { MAX_HALF_WIDTH, SMALLEST_EFFECT_OF_INTEREST } from './verdict.js';

/** Options of `summarize`. */
export interface SummarizeOptions {
  /** Every substrate id in the cells -> its family and timing (controls have family `control`). */
  readonly substrates: SubstrateRoles;
  /** Seed of every bootstrap. */
  readonly seed: number;
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  readonly level?: number;
  /** Family weights of the interpretability index (default 1 each), for the claims' comparisons. */
  readonly weights?: Readonly<Record<string, number>>;
  /** Control ids and thresholds for the sanity checks. */
  readonly sanity?: SanityOptions;
}

/** Why an index over tasks has no interval. */
function noIntervalNote(b: BootstrapInterval, level: number): string {
  const percent = `${Math.round(level * 100)}%`;
  if (b.tooFewUnits)
    return `no ${percent} interval: the index rests on ${b.units} task${b.units === 1 ? '' : 's'}, and an interval over tasks needs at least ${minimumUnits(level)}`;
  return `no ${percent} interval: no resample gave a finite index`;
}

/**
 * The summary block of results.json: per-substrate index (mean over cells, CI by a bootstrap over
 * tasks and then cells within each task), capability (mean test accuracy) and family means; the claim
 * verdicts (pre-registered contrasts, claims 1a and 1b, symbolic scaling) with the reading cost and
 * the decision rule; the variance decomposition of the index (description only: structures pooled,
 * symbolic left out); the sanity checks. Only finished cells count; controls appear in the sanity
 * checks alone. The index of the per-substrate means and of the decomposition is each cell's over the
 * families every substrate scored on its domain level (`indexFamilies`), so substrates are compared
 * like for like.
 */
export function summarize(cells: readonly CellResult[], options: SummarizeOptions): ResultsSummary {
  const roles = options.substrates;
  const compared = comparisonCells(cells, roles);
  const shared = onSharedFamilies(
    compared.filter((c) => cellIndex(c) !== null),
    options.weights ?? {},
  );
  const indexed = shared.cells;
  const substrates: SubstrateSummary[] = [...groupBy(compared, (c) => c.substrate)].map(
    ([substrate, own]) => {
      const comparable = indexed.filter((c) => c.substrate === substrate);
      const b = bootstrap(comparable, (s) => mean(s.map((c) => cellIndex(c)!)), {
        seed: options.seed,
        resamples: options.resamples,
        level: options.level,
        clusters: [(c) => c.task],
      });
      const capabilities = own.map((c) => c.capability?.test).filter((v): v is number => Number.isFinite(v));
      const families: Record<string, number | null> = {};
      for (const family of SCORE_FAMILIES) {
        const values = own.map((c) => cellFamilyScore(c, family)).filter((v): v is number => v !== null);
        families[family] = values.length ? mean(values) : null;
      }
      const ci = nullIfNotFinite(b.ci);
      const level = options.level ?? 0.95;
      const ciNote = !comparable.length || ci[0] !== null ? undefined : noIntervalNote(b, level);
      return {
        substrate,
        index: comparable.length ? b.estimate : null,
        ci,
        ...(ciNote ? { ciNote } : {}),
        capability: capabilities.length ? mean(capabilities) : null,
        families,
      };
    },
  );
  const claimed = claimVerdicts(cells, {
    roles,
    seed: options.seed,
    resamples: options.resamples,
    level: options.level,
    ...(options.weights ? { weights: options.weights } : {}),
  });
  const summary: ResultsSummary = {
    substrates,
    indexFamilies: shared.families,
    claims: claimed.claims,
    sanity: sanityChecks(cells, roles, options.sanity),
    verdictRule: {
      smallestEffect: SMALLEST_EFFECT_OF_INTEREST,
      maxHalfWidth: MAX_HALF_WIDTH,
      level: options.level ?? 0.95,
    },
  };
  if (claimed.readingCost.length) summary.readingCost = claimed.readingCost;
  const capability = [...levelCapabilities(compared).values()];
  if (capability.length) summary.capability = capability.map((c) => ({ ...c }));
  // described, not decided on: structures pooled as claim 1b pools them, symbolic left out
  const observations = indexed.flatMap((c) => {
    const structure = structureOf(c.substrate, roles);
    return structure ? [{ domain: domainKey(c), substrate: structure, value: cellIndex(c)! }] : [];
  });
  if (observations.length) {
    const d = decomposeVariance(observations);
    summary.varianceDecomposition = d.shares;
    summary.varianceOmegaSquared = {
      domain: d.omegaSquared.domain,
      substrate: d.omegaSquared.substrate,
      interaction: d.errorTerm === 'residual' ? d.omegaSquared.interaction : null,
    };
  }
  return summary;
}
