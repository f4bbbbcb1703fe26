import { wtaRateFactory } from './factory.js';

export { wtaRateChecks } from './checks.js';
export { DEFAULT_CONFIG, type WtaRateConfig, wtaRateConfig } from './config.js';
export { wtaRateFactory } from './factory.js';
export { hebbianStep } from './hebbian.js';
export { WtaRateSubstrate } from './wta-rate-substrate.js';

/** The registry entry: `wta-rate`. */
export default wtaRateFactory;
