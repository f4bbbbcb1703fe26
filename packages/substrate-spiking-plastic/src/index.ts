import { plasticFactory } from './factory.js';

export { plasticChecks } from './checks.js';
export { DEFAULT_PLASTIC_CONFIG, type PlasticConfig, plasticConfig } from './config.js';
export { addSummedEligibility, presynapticTraces, pseudoDerivative } from './eligibility.js';
export { plasticFactory } from './factory.js';
export { PLASTIC_ID, PlasticSubstrate } from './plastic-substrate.js';
export { trainEprop } from './train.js';

/** The registry entry: `spiking-plastic`. */
export default plasticFactory;
