export { type CheckOutcome, conformanceContext, runCheck, runConformance } from './conformance.js';
export { conformanceDataset } from './default-dataset.js';
export { describeSubstrate } from './describe-substrate.js';
export { expectScrutableError } from './expect-error.js';
export { MIN_CLASS_AGREEMENT, STOCHASTIC_ROWS } from './reading.js';
export { ReferenceSubstrate, referenceFactory } from './reference-substrate.js';
export { type CheckContext, type ConformanceOptions, ConformanceViolation, type Rule } from './rule.js';
export { RULES } from './rules/index.js';
