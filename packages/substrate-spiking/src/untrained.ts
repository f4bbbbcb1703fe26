import {
  check,
  type Dataset,
  type FitOptions,
  type FitReport,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateFactory,
  type SubstrateInfo,
} from '@scrutable/core';
import { SpikingSubstrate } from './substrate/spiking-substrate.js';

export const UNTRAINED_SPIKING_ID = 'untrained-spiking';

/**
 * The spiking network never trained: built from its seed (random input weights and delays) and fitted
 * with 0 epochs, so STDP never runs and thresholds keep their initial value; only the readout's neuron
 * labels are read off the training set, as for the trained network. The spiking side's untrained control.
 */
export class UntrainedSpikingSubstrate extends SpikingSubstrate {
  override readonly info: SubstrateInfo = {
    id: UNTRAINED_SPIKING_ID,
    family: 'control',
    synchronous: false,
    description:
      'Untrained control: the spiking network at its seeded random initialisation (0 STDP epochs).',
    backend: 'event-driven (TypeScript)',
  };

  protected override _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    return super._fit(dataset, { ...options, budget: { ...options.budget, epochs: 0 } });
  }
}

/** The registry entry `untrained-spiking`; `config` is the spiking config. */
export const untrainedSpikingFactory: SubstrateFactory = {
  id: UNTRAINED_SPIKING_ID,
  family: 'control',
  synchronous: false,
  learning: 'none (untrained control)',
  description: 'Untrained control: the spiking network at its seeded random initialisation (0 STDP epochs).',
  create: (options) => new UntrainedSpikingSubstrate(options?.config),
  async load(saved: SerializedSubstrate) {
    check(
      saved?.substrate === UNTRAINED_SPIKING_ID,
      `cannot load '${saved?.substrate}' as ${UNTRAINED_SPIKING_ID}`,
      'BAD_STATE',
    );
    check(saved.formatVersion === 1, `unknown format version ${saved.formatVersion}`, 'BAD_STATE');
    const data = saved.data as { config?: unknown } | null;
    let substrate: UntrainedSpikingSubstrate;
    try {
      substrate = new UntrainedSpikingSubstrate(data?.config);
    } catch (e) {
      throw new ScrutableError(
        'BAD_STATE',
        `${UNTRAINED_SPIKING_ID}: saved config is invalid (${(e as Error).message})`,
      );
    }
    substrate.restore(data);
    return substrate;
  },
};
