import type { CellResult, ClaimVerdict, ReadingCostRow } from '@scrutable/core';
import { countsForVerdicts, levelCapabilities } from './capability.js';
import { cellIndex, domainKey, fmt, type SubstrateRoles } from './cells.js';
import { complexityDrop, structureOf } from './complexity.js';
import { CONTRASTS, contrastClaim } from './contrasts.js';
import { claimDomainNotStructure, claimOverall1a } from './overall.js';
import { readingCost } from './reading-cost.js';
import { claimSymbolicScaling } from './symbolic.js';
import { decomposeVariance } from './variance.js';

/** Options every claim verdict takes. */
export interface ClaimOptions {
  /** Substrate id -> family and timing; controls (family `control`) and unknown ids are left out. */
  readonly roles: SubstrateRoles;
  /** Seed of the bootstrap. */
  readonly seed: number;
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  readonly level?: number;
  /** Family weights of the interpretability index (default 1 each), as the analysis config gives them. */
  readonly weights?: Readonly<Record<string, number>>;
}

/** The claims and the reading cost they draw on. */
export interface ClaimsResult {
  readonly claims: ClaimVerdict[];
  readonly readingCost: ReadingCostRow[];
}

/**
 * Shares of the index variance over capable cells by domain level and structure: description only,
 * since shares depend on which levels and structures the grid holds.
 */
function varianceDescription(cells: readonly CellResult[], options: ClaimOptions): string | undefined {
  const capabilities = levelCapabilities(cells);
  const observations = cells
    .filter((c) => c.status === 'ok' && cellIndex(c) !== null && countsForVerdicts(c, capabilities))
    .flatMap((c) => {
      const structure = structureOf(c.substrate, options.roles);
      return structure ? [{ domain: domainKey(c), substrate: structure, value: cellIndex(c)! }] : [];
    });
  const domains = new Set(observations.map((o) => o.domain)).size;
  const structures = new Set(observations.map((o) => o.substrate)).size;
  if (domains < 2 || structures < 2) return undefined;
  const d = decomposeVariance(observations);
  return `over the ${observations.length} capable cells, shares of the index variance: domain level ${fmt(d.shares.domain)}, structure ${fmt(d.shares.substrate)}, interaction ${fmt(d.shares.interaction)}, residual ${fmt(d.shares.residual)} (ω² domain ${fmt(d.omegaSquared.domain)}, structure ${fmt(d.omegaSquared.substrate)}). These shares depend on the grid (which levels and structures were run), so they describe this run and decide nothing.`;
}

/**
 * Every pre-registered claim, in report order: the contrasts 1a-A, 1a-B, 1a-C, claim 1a from them,
 * claim 1b, and symbolic scaling against the best connectionist and against a linear readout.
 */
export function claimVerdicts(cells: readonly CellResult[], options: ClaimOptions): ClaimsResult {
  const capabilities = levelCapabilities(cells);
  const shared = { ...options, capabilities };
  const contrasts = CONTRASTS.map((spec) => contrastClaim(spec, cells, shared));
  const cost = readingCost(cells, options.roles, options);
  const drop = complexityDrop(cells, shared);
  const variance = varianceDescription(cells, options);
  return {
    claims: [
      ...contrasts,
      claimOverall1a(contrasts, cost),
      claimDomainNotStructure(drop, contrasts, { level: options.level, ...(variance ? { variance } : {}) }),
      claimSymbolicScaling(cells, options, 'connectionist'),
      claimSymbolicScaling(cells, options, 'linear'),
    ],
    readingCost: cost,
  };
}
