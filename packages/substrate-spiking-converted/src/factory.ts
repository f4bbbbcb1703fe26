import { check, ScrutableError, type SerializedSubstrate, type SubstrateFactory } from '@scrutable/core';
import { conversionChecks } from './checks.js';
import { CONVERTED_ID, ConvertedSubstrate } from './converted-substrate.js';

const DESCRIPTION =
  'A trained feed-forward ReLU network converted to event-driven integrate-and-fire neurons (Rueckauer et al. 2017), rate-coded over a window.';

/**
 * A factory converting substrates of `source` (any fitted feed-forward ReLU network with parameter
 * views: dense, dense-brain). `create({ config, source })` may name another source.
 */
export function convertedFactory(source?: SubstrateFactory): SubstrateFactory {
  return {
    id: CONVERTED_ID,
    family: 'spiking',
    synchronous: false,
    learning: 'converted from a trained ReLU network',
    description: DESCRIPTION,
    derivedFrom: 'dense',
    checks: (options) => conversionChecks(options?.source ?? source, options),
    create(options) {
      const from = options?.source ?? source;
      if (!from)
        throw new ScrutableError(
          'BAD_CONFIG',
          `${CONVERTED_ID} is derived from 'dense': pass the source substrate's factory as \`source\``,
        );
      return new ConvertedSubstrate(from, options?.config);
    },
    async load(saved: SerializedSubstrate, options) {
      check(
        saved?.substrate === CONVERTED_ID,
        `cannot load '${saved?.substrate}' as ${CONVERTED_ID}`,
        'BAD_STATE',
      );
      check(saved.formatVersion === 1, `unknown format version ${saved.formatVersion}`, 'BAD_STATE');
      const data = saved.data as { config?: unknown } | null;
      let substrate: ConvertedSubstrate;
      try {
        substrate = new ConvertedSubstrate(options?.source ?? source ?? null, data?.config);
      } catch (e) {
        throw new ScrutableError(
          'BAD_STATE',
          `${CONVERTED_ID}: saved config is invalid (${(e as Error).message})`,
        );
      }
      substrate.restore(data);
      return substrate;
    },
  };
}
