export { type BootstrapInterval, type BootstrapOptions, bootstrap, quantile, resample } from './bootstrap.js';
export {
  CHANCE_GAP_FRACTION,
  capabilityFloor,
  type LevelCapability,
  LINEAR_GAP_FRACTION,
  levelCapabilities,
} from './capability.js';
export {
  CONTROL_FAMILY,
  cellFamilyScore,
  cellIndex,
  matchKey,
  SCORE_FAMILIES,
  type SubstrateRole,
  type SubstrateRoles,
} from './cells.js';
export { type ClaimOptions, type ClaimsResult, claimVerdicts } from './claims.js';
export { complexityDrop, structureOf, withinGroupSlope } from './complexity.js';
export { CONTRASTS, type ContrastSpec, contrastClaim, READING_COST_FAMILY } from './contrasts.js';
export { MATCH_TOLERANCE, pairMatched } from './matching.js';
export { CLAIM_STATEMENTS, COST_FACTOR, claimDomainNotStructure, claimOverall1a } from './overall.js';
export { READING_COST_SUBSTRATE, readingBudget, readingCost } from './reading-cost.js';
export { type SanityOptions, sanityChecks } from './sanity.js';
export { type SummarizeOptions, summarize } from './summarize.js';
export { claimSymbolicScaling, SYMBOLIC_STATEMENTS } from './symbolic.js';
export {
  decomposeVariance,
  type Observation2Way,
  type VarianceDecompositionDetail,
} from './variance.js';
export { decideVerdict, MAX_HALF_WIDTH, SMALLEST_EFFECT_OF_INTEREST, withinEquivalence } from './verdict.js';
