export { type CsvSplit, csvField, formatFloat32, latentKindLabel, taskToCsv } from './csv.js';
export { FILE_TEST_FRACTION, type ReadTaskOptions, readTaskCsv } from './csv-task.js';
export { evaluateCircuit, gateValue } from './domains/boolean.js';
export { ACTIONS } from './domains/maze.js';
export { fourierBasis } from './domains/modadd.js';
export { SHAPE_NAMES } from './domains/shapes.js';
export { yinYangClass } from './domains/yinyang.js';
export {
  isTrivial,
  type LinearBaseline,
  linearBaseline,
  RIDGE_STRENGTHS,
  TRIVIAL_SHARE,
} from './linear-baseline.js';
export { DOMAINS, type GenerateOptions, generateTask } from './registry.js';
export type {
  Circuit,
  DomainId,
  DomainInfo,
  DomainStructure,
  GateOp,
  TaskInstance,
  TimeBinnedLayout,
} from './types.js';
