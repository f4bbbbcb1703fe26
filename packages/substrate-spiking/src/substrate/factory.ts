import { check, ScrutableError, type SerializedSubstrate, type SubstrateFactory } from '@scrutable/core';
import { SpikingSubstrate } from './spiking-substrate.js';

/** The registry entry of the spiking substrate. */
export const spikingFactory: SubstrateFactory = {
  id: 'spiking',
  family: 'spiking',
  synchronous: false,
  learning: 'unsupervised STDP',
  description: 'Asynchronous event-driven LIF network learning by STDP (Diehl & Cook 2015 style).',
  create: (options) => new SpikingSubstrate(options?.config),
  async load(saved: SerializedSubstrate) {
    check(saved?.substrate === 'spiking', `cannot load '${saved?.substrate}' as spiking`, 'BAD_STATE');
    check(saved.formatVersion === 1, `unknown format version ${saved.formatVersion}`, 'BAD_STATE');
    const data = saved.data as { config?: unknown } | null;
    let substrate: SpikingSubstrate;
    try {
      substrate = new SpikingSubstrate(data?.config);
    } catch (e) {
      throw new ScrutableError('BAD_STATE', `spiking: saved config is invalid (${(e as Error).message})`);
    }
    substrate.restore(data);
    return substrate;
  },
};
