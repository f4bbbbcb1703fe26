import { check, ScrutableError, type SerializedSubstrate, type SubstrateFactory } from '@scrutable/core';
import { wtaRateChecks } from './checks.js';
import { WtaRateSubstrate } from './wta-rate-substrate.js';

/** The registry entry of the synchronous rate twin. */
export const wtaRateFactory: SubstrateFactory = {
  id: 'wta-rate',
  family: 'rate',
  synchronous: true,
  learning: 'local Hebbian (competing units)',
  description:
    'Synchronous rate twin of the spiking network: competing units with a local Hebbian rule (Krotov & Hopfield 2019) and a trained linear readout.',
  checks: wtaRateChecks,
  create: (options) => new WtaRateSubstrate(options?.config),
  async load(saved: SerializedSubstrate) {
    check(saved?.substrate === 'wta-rate', `cannot load '${saved?.substrate}' as wta-rate`, 'BAD_STATE');
    check(saved.formatVersion === 1, `unknown format version ${saved.formatVersion}`, 'BAD_STATE');
    const data = saved.data as { config?: unknown } | null;
    let substrate: WtaRateSubstrate;
    try {
      substrate = new WtaRateSubstrate(data?.config);
    } catch (e) {
      throw new ScrutableError('BAD_STATE', `wta-rate: saved config is invalid (${(e as Error).message})`);
    }
    substrate.restore(data);
    return substrate;
  },
};
