import { steerableSites } from '@scrutable/analysis';
import { outputWidth, type SubstrateFactory } from '@scrutable/core';
import spiking, { untrainedSpikingFactory } from '@scrutable/substrate-spiking';
import wtaRate from '@scrutable/substrate-wta-rate';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';

// Steering one linear map before the readout flips any accurate readout whatever was learned (an
// untrained spiking net steered at exc scored 0.71 on the quick suite): the site rule must see it.
describe('steering sites of substrates read by a trained linear readout', () => {
  const task = generateTask('boolean', { level: 1, seed: 0 });
  const spikingConfig = { excitatory: 20, epochs: 1, windowMs: 50 };
  const cases: [SubstrateFactory, unknown, string, string][] = [
    [spiking, spikingConfig, 'exc', 'inh'],
    [untrainedSpikingFactory, spikingConfig, 'exc', 'inh'],
    [wtaRate, { hidden: 20, epochs: 1 }, 'hidden', 'hidden.pre'],
  ];

  for (const [factory, config, readSite, otherSite] of cases)
    it(`${factory.id}: ${readSite}, read by the trained readout, is not a steering site; ${otherSite} is`, async () => {
      const s = factory.create({ config });
      await s.fit(task, { seed: 2 });
      const sites = steerableSites(s.units(), s.parameters(), outputWidth(task.heads));
      expect(sites).not.toContain(readSite);
      expect(sites).toContain(otherSite);
      s.dispose();
    }, 60_000);
});
