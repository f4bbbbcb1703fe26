import type { SubstrateFactory } from '@scrutable/core';
import { spikingFactory } from './index.js';
import { untrainedSpikingFactory } from './untrained.js';

/** The package's registry entries: `spiking` and its untrained control `untrained-spiking`. */
const factories: readonly SubstrateFactory[] = [spikingFactory, untrainedSpikingFactory];
export default factories;
