export { readJsonIfExists, writeFileAtomic } from './atomic.js';
export {
  type CellSpec,
  canonicalJson,
  cellId,
  compareCells,
  enumerateCells,
  parseShard,
  shardCells,
} from './cells.js';
export {
  budgetFor,
  type ConfigFile,
  ConfigFileSchema,
  type ConfigOverrides,
  parseConfigFile,
  type ResolvedConfig,
  resolveConfig,
  SUITES,
} from './config.js';
export type { AnalysisApi, BenchTask, CellAnalysis, SpikingValidation, TaskSource } from './deps.js';
export { loadAnalysis, loadTaskSource } from './deps.js';
export { builtCodeHash, codeVersionOf, describeEnvironment } from './environment.js';
export { mergeDirs, mergeResults } from './merge.js';
export { assembleResults, readResults, writeOutputs, writeReport } from './outputs.js';
export {
  defaultCacheDir,
  describeValidation,
  EXIT,
  type MainContext,
  main,
  parseIntegerList,
} from './program.js';
export { type ProgressReporter, plainReporter, silentReporter, ttyReporter } from './progress.js';
export {
  discoverSubstrates,
  findWorkspaceRoot,
  type Registry,
  type RegistryEntry,
  workspaceDirs,
} from './registry.js';
export { type BenchCellResult, type CellContext, runCell } from './run-cell.js';
export { type BenchOptions, type BenchOutcome, runBench } from './runner.js';
