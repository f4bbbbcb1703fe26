export {
  CHECKS,
  type Check,
  type CheckContext,
  type ConformanceOptions,
  ConformanceViolation,
} from './checks.js';
export { type CheckOutcome, conformanceContext, runCheck, runConformance } from './conformance.js';
export { conformanceDataset } from './default-dataset.js';
export { describeSubstrate } from './describe-substrate.js';
export { expectScrutableError } from './expect-error.js';
export { headActivations, ReferenceSubstrate, referenceFactory } from './reference-substrate.js';
