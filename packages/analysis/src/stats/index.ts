export { type BootstrapInterval, type BootstrapOptions, bootstrap, quantile, resample } from './bootstrap.js';
export {
  CONTROL_FAMILY,
  cellFamilyScore,
  cellIndex,
  matchKey,
  reachesFloor,
  SCORE_FAMILIES,
  type SubstrateRole,
  type SubstrateRoles,
} from './cells.js';
export {
  CLAIM_STATEMENTS,
  type ClaimOptions,
  claimDomainNotStructure,
  claimSymbolicFallsBehind,
  claimSynchronousMostInterpretable,
  claimVerdicts,
  verdictFromInterval,
  withinGroupSlope,
} from './claims.js';
export { type SanityOptions, sanityChecks } from './sanity.js';
export { type SummarizeOptions, summarize } from './summarize.js';
export {
  decomposeVariance,
  type Observation2Way,
  type VarianceDecompositionDetail,
} from './variance.js';
