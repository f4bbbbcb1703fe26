import { steerableSites } from '@scrutable/analysis';
import { outputWidth } from '@scrutable/core';
import spiking, { untrainedSpikingFactory } from '@scrutable/substrate-spiking';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';

// Steering one linear map before the readout flips any accurate readout whatever was learned (an
// untrained spiking net steered at exc scored 0.71 on the quick suite): the site rule must see it.
describe('steering sites of the spiking substrates', () => {
  const task = generateTask('boolean', { level: 1, seed: 0 });
  const config = { excitatory: 20, epochs: 1, windowMs: 50 };

  for (const factory of [spiking, untrainedSpikingFactory])
    it(`${factory.id}: exc, read by the trained readout, is not a steering site; inh is`, async () => {
      const s = factory.create({ config });
      await s.fit(task, { seed: 2 });
      const sites = steerableSites(s.units(), s.parameters(), outputWidth(task.heads));
      expect(sites).not.toContain('exc');
      expect(sites).toContain('inh');
      s.dispose();
    }, 60_000);
});
