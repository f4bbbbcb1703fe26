export { FileWriteError, writeFileAtomic } from './atomic.js';
export { readCellFile, writeCellFile } from './cell-file.js';
export {
  type CellSpec,
  canonicalJson,
  cellId,
  compareCells,
  enumerateCells,
  parseShard,
  shardCells,
} from './cells.js';
export { CheckedSubstrate, SubstrateOutputError } from './checked-substrate.js';
export { defaultCacheDir } from './commands/bench.js';
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
export type { AnalysisApi, BenchTask, CellAnalysis, TaskSource } from './deps.js';
export { loadAnalysis, loadTaskSource } from './deps.js';
export { builtCodeHash, codeVersionOf, describeEnvironment } from './environment.js';
export { EXIT } from './exit-codes.js';
export { mergeDirs, mergeResults } from './merge.js';
export { assembleResults, type BenchResults, readResults, writeOutputs, writeReport } from './outputs.js';
export { parseInteger, parseIntegerList } from './parse.js';
export { type MainContext, main } from './program.js';
export { type ProgressReporter, plainReporter, silentReporter, ttyReporter } from './progress.js';
export { discoverSubstrates, type Registry, type RegistryEntry } from './registry.js';
export { type BenchCellResult, type CellContext, runCell } from './run-cell.js';
export { type BenchOptions, type BenchOutcome, DEFAULT_CELL_TIMEOUT_MS, runBench } from './runner.js';
export { findWorkspaceRoot, workspaceDirs } from './workspace.js';
