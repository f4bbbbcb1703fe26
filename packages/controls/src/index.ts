import type { SubstrateFactory } from '@scrutable/core';
import denseFactory from '@scrutable/substrate-dense';
import { plantedFactory, plantedSpikingFactory } from './planted-factory.js';
import { scrambledFactory } from './scrambled.js';
import { untrainedFactory } from './untrained.js';

export { applyInterventions } from './apply-interventions.js';
export { DelegatingSubstrate } from './delegating-substrate.js';
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

/** The dense substrate turned by a random rotation; config is the dense config. */
export const scrambledDenseFactory: SubstrateFactory = scrambledFactory(denseFactory);

/** The dense substrate at its random initialisation; config is the dense config. */
export const untrainedDenseFactory: SubstrateFactory = untrainedFactory(denseFactory);

/** The registry entries of this package: planted, planted-spiking, scrambled (dense), untrained (dense). */
const controls: readonly SubstrateFactory[] = [
  plantedFactory,
  plantedSpikingFactory,
  scrambledDenseFactory,
  untrainedDenseFactory,
];
export default controls;
