import type { SubstrateFactory } from '@scrutable/core';
import { plantedFactory, plantedSpikingFactory } from './planted-factory.js';
import { scrambledFactory } from './scrambled.js';
import { untrainedFactory } from './untrained.js';

export { DelegatingSubstrate } from './delegating-substrate.js';
export { DEFAULT_SOURCE, requireSource } from './derived-source.js';
export { FourierStage } from './fourier-stage.js';
export { LatentLayout, type LatentSlot, type LatentSpec } from './latent-layout.js';
export { multiply, randomOrthogonal, transpose } from './orthogonal.js';
export {
  FOURIER_SITE,
  type GroundTruthTask,
  hasGroundTruth,
  PLANTED_SITE,
  type PlantedConfig,
  PlantedSubstrate,
} from './planted.js';
export { plantedFactory, plantedSpikingFactory } from './planted-factory.js';
export { PLANTED_SPIKING_ID, type PlantedSpikingConfig, PlantedSpikingSubstrate } from './planted-spiking.js';
export { layerOf, ScrambledSubstrate, scrambledFactory } from './scrambled.js';
export { UntrainedSubstrate, untrainedFactory } from './untrained.js';

/** The registry entries of this package: planted, planted-spiking, and scrambled and untrained (derived from a source). */
const controls: readonly SubstrateFactory[] = [
  plantedFactory,
  plantedSpikingFactory,
  scrambledFactory,
  untrainedFactory,
];
export default controls;
