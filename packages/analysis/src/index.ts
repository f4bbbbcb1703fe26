export { analyzeCell, designOf, familyScore, jsonSafe, READING_WINDOW_MS } from './analyze.js';
export { AnalysisContext, DEFAULT_MAX_EXAMPLES, INPUT_SITE } from './context.js';
export {
  FAMILIES,
  FAMILY_LIST,
  FAMILY_METRICS,
  familyById,
  INDEX_FAMILIES,
  interpretabilityIndex,
} from './families/index.js';
export { countDetectors } from './families/localize.js';
export { unitSpectrum } from './families/mechanism.js';
export { readingAgreement } from './families/observe.js';
export { type AnalysisFamily, type Design, type MetricSpec, notApplicable } from './family.js';
export { type CellFigures, cellFigures, downsample } from './figures.js';
export { type OutputVariable, outputVariables, readVariable } from './outputs.js';
export { SiteProbe } from './probes/site-probe.js';
export * from './stats/index.js';
export { type TaskTraits, taskTraits } from './traits.js';
export { fitTree, predictTree, type TreeNode } from './tree/cart.js';
export type {
  AnalysisCost,
  AnalyzeOptions,
  CellAnalysis,
  Family,
  ReadingBudget,
  ReadingCost,
} from './types.js';
export { steerableSites } from './units.js';
