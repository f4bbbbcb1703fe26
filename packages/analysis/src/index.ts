export { analyzeCell, familyScore, interpretabilityIndex, jsonSafe } from './analyze.js';
export { AnalysisContext, DEFAULT_MAX_EXAMPLES, INPUT_SITE } from './context.js';
export { countDetectors } from './families/localize.js';
export { unitSpectrum } from './families/mechanism.js';
export { readingAgreement } from './families/observe.js';
export { type OutputVariable, outputVariables, readVariable } from './outputs.js';
export { SiteProbe } from './probes/site-probe.js';
export * from './stats/index.js';
export { fitTree, predictTree, type TreeNode } from './tree/cart.js';
export {
  type AnalysisCost,
  type AnalyzeOptions,
  type CellAnalysis,
  FAMILIES,
  FAMILY_METRICS,
  type Family,
} from './types.js';
