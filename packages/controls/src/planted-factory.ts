import type { SubstrateFactory } from '@scrutable/core';
import { type PlantedConfig, PlantedSubstrate } from './planted.js';

/** Creates and loads planted controls; `config` is a PlantedConfig. */
export const plantedFactory: SubstrateFactory = {
  id: 'planted',
  family: 'control',
  synchronous: true,
  learning: 'none (planted control: weights set from the latents)',
  description: new PlantedSubstrate().info.description,
  create: (options) => new PlantedSubstrate((options?.config ?? {}) as PlantedConfig),
  load: (saved) => PlantedSubstrate.load(saved),
};
