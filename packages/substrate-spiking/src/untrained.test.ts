import { conformanceDataset, describeSubstrate } from '@scrutable/testkit';
import { describe, expect, it } from 'vitest';
import { spikingFactory } from './index.js';
import { untrainedSpikingFactory } from './untrained.js';

describeSubstrate({
  factory: untrainedSpikingFactory,
  config: { excitatory: 30, windowMs: 60, epochs: 1 },
  run: { seed: 1, windowMs: 60 },
});

describe('untrained-spiking', () => {
  it('keeps the seeded initial input weights that training would change', async () => {
    const data = conformanceDataset();
    const config = { excitatory: 20, windowMs: 60, epochs: 1 };
    const untrained = untrainedSpikingFactory.create({ config });
    const trained = spikingFactory.create({ config });
    await untrained.fit(data, { seed: 4 });
    await trained.fit(data, { seed: 4 });
    const weights = (s: typeof trained) =>
      s
        .parameters()
        .find((v) => v.name === 'input->exc')!
        .read();
    const initial = spikingFactory.create({ config });
    await initial.fit(data, { seed: 4, budget: { epochs: 0 } });
    expect(Array.from(weights(untrained))).toEqual(Array.from(weights(initial)));
    expect(Array.from(weights(untrained))).not.toEqual(Array.from(weights(trained)));
    expect(untrained.info).toMatchObject({ id: 'untrained-spiking', family: 'control', synchronous: false });
  }, 60_000);
});
