import { conformanceDataset, expectScrutableError, referenceFactory } from '@scrutable/testkit';
import { describe, expect, it } from 'vitest';
import controls from './index.js';
import { scrambledFactory } from './scrambled.js';
import { untrainedFactory } from './untrained.js';

describe('derived controls', () => {
  it('name dense as their default source in the registry entries', () => {
    expect(controls.map((f) => [f.id, f.derivedFrom])).toEqual([
      ['planted', undefined],
      ['planted-spiking', undefined],
      ['scrambled', 'dense'],
      ['untrained', 'dense'],
    ]);
  });

  for (const factory of [scrambledFactory, untrainedFactory]) {
    it(`${factory.id}: create and load without a source throw BAD_CONFIG naming the source`, async () => {
      expect(() => factory.create({ config: { hidden: 4 } })).toThrowError(/source/);
      await expectScrutableError('BAD_CONFIG', () => factory.create());
      const s = factory.create({ config: { hidden: 4 }, source: referenceFactory });
      await s.fit(conformanceDataset(), { seed: 1 });
      const saved = s.save();
      await expectScrutableError('BAD_CONFIG', () => factory.load(saved));
      const loaded = await factory.load(saved, { source: referenceFactory });
      expect(loaded.info.description).toContain('reference');
      s.dispose();
      loaded.dispose();
    });
  }
});
