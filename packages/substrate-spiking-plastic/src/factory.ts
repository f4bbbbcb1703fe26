import { check, ScrutableError, type SerializedSubstrate, type SubstrateFactory } from '@scrutable/core';
import { plasticChecks } from './checks.js';
import { PLASTIC_ID, PlasticSubstrate } from './plastic-substrate.js';

/** The registry entry of the spiking network that learns by e-prop. */
export const plasticFactory: SubstrateFactory = {
  id: PLASTIC_ID,
  family: 'spiking',
  synchronous: false,
  learning: 'local three-factor plasticity (e-prop)',
  description:
    'Event-driven LIF network trained by e-prop (Bellec et al. 2020): eligibility traces times a learning signal broadcast from the output error.',
  checks: plasticChecks,
  create: (options) => new PlasticSubstrate(options?.config),
  async load(saved: SerializedSubstrate) {
    check(saved?.substrate === PLASTIC_ID, `cannot load '${saved?.substrate}' as ${PLASTIC_ID}`, 'BAD_STATE');
    check(saved.formatVersion === 1, `unknown format version ${saved.formatVersion}`, 'BAD_STATE');
    const data = saved.data as { config?: unknown } | null;
    let substrate: PlasticSubstrate;
    try {
      substrate = new PlasticSubstrate(data?.config);
    } catch (e) {
      throw new ScrutableError(
        'BAD_STATE',
        `${PLASTIC_ID}: saved config is invalid (${(e as Error).message})`,
      );
    }
    substrate.restore(data);
    return substrate;
  },
};
