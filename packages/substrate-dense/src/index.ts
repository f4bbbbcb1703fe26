import { denseFactory } from './substrate.js';

export { type BackendName, forcedBackend, initBackend } from './backend.js';
export {
  type Activation,
  DEFAULT_CONFIG,
  type DenseConfig,
  type ResolvedConfig,
  resolveConfig,
} from './config.js';
export { installMatMulFix, matMulFixInstalled, removeMatMulFix } from './matmul-fix.js';
export { DenseSubstrate, denseFactory } from './substrate.js';

/** The registry entry for the `dense` substrate. */
export default denseFactory;
