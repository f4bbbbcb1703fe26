import type { SubstrateFactory } from '@scrutable/core';
import { type PlantedConfig, PlantedSubstrate } from './planted.js';
import { PLANTED_SPIKING_ID, type PlantedSpikingConfig, PlantedSpikingSubstrate } from './planted-spiking.js';

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

/** Creates and loads spiking planted controls; `config` is a PlantedSpikingConfig. */
export const plantedSpikingFactory: SubstrateFactory = {
  id: PLANTED_SPIKING_ID,
  family: 'control',
  synchronous: false,
  learning: 'none (planted control: rates set from the latents)',
  description: new PlantedSpikingSubstrate().info.description,
  create: (options) => new PlantedSpikingSubstrate((options?.config ?? {}) as PlantedSpikingConfig),
  load: (saved) =>
    PlantedSubstrate.load(
      saved,
      PLANTED_SPIKING_ID,
      (data) =>
        new PlantedSpikingSubstrate({
          noiseUnits: data.noiseUnits as number,
          windowMs: data.windowMs as number,
        }),
    ),
};
