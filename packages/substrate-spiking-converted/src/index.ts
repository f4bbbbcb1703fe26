import { convertedFactory } from './factory.js';

export { AGREEMENT_WINDOWS_MS, type AgreementPoint, agreementCurve } from './agreement.js';
export { type ConversionObservation, conversionChecks, MIN_AGREEMENT, QUICK_SUITE_LEVELS } from './checks.js';
export { type ConvertedConfig, convertedConfig, DEFAULT_CONVERTED_CONFIG } from './config.js';
export { CONVERTED_ID, ConvertedSubstrate } from './converted-substrate.js';
export { convertedFactory } from './factory.js';
export { type ConvertedParameters, normalise, percentile } from './normalise.js';
export { type ReluChain, readReluChain } from './relu-chain.js';

/** The registry entry: `spiking-converted`, derived from `dense` (the runner passes the source factory). */
export default convertedFactory();
