import type { SubstrateFactory } from '@scrutable/core';
import type { DenseConfig } from './config.js';
import { DENSE_BRAIN_DESCRIPTION, DENSE_BRAIN_ID, DenseBrainSubstrate } from './substrate.js';

export {
  type Activation,
  DEFAULT_CONFIG,
  type DenseConfig,
  type ResolvedConfig,
  resolveConfig,
} from './config.js';
export { forward, unitGroups } from './network.js';
export { DENSE_BRAIN_DESCRIPTION, DENSE_BRAIN_ID, DenseBrainSubstrate } from './substrate.js';
export { brainTargets, MOMENTUM, trainWithBrain } from './train.js';

/** Creates and loads `dense-brain` substrates (config: see DenseConfig). */
const factory: SubstrateFactory = {
  id: DENSE_BRAIN_ID,
  family: 'dense',
  synchronous: true,
  learning: 'backpropagation (brain.js per-example SGD)',
  description: DENSE_BRAIN_DESCRIPTION,
  create(options) {
    return new DenseBrainSubstrate((options?.config ?? {}) as DenseConfig);
  },
  async load(saved) {
    return DenseBrainSubstrate.restore(saved);
  },
};
export default factory;
