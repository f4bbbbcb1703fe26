import { matrix, maxAbsDiff, type SerializedSubstrate } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { expectScrutableError } from '@scrutable/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import wtaRate from './index.js';
import type { WtaRateSubstrate } from './wta-rate-substrate.js';

const task = generateTask('shapes', { level: 1, seed: 2 });
const config = { hidden: 30, epochs: 10 };

describe('wta-rate substrate', () => {
  let s: WtaRateSubstrate;
  beforeAll(async () => {
    s = wtaRate.create({ config }) as WtaRateSubstrate;
    await s.fit(task, { seed: 3 });
  });

  it('its hidden activation is max(0, W·v)^n of the complement-coded inputs, read from its parameters', async () => {
    const inputs = matrix(
      4,
      task.test.inputs.cols,
      task.test.inputs.data.slice(0, 4 * task.test.inputs.cols),
    );
    const w = s.parameters()[0]!.read();
    const d = 2 * inputs.cols;
    const seen = await s.observe(inputs);
    for (let r = 0; r < 4; r++)
      for (let u = 0; u < 30; u++) {
        let drive = 0;
        for (let i = 0; i < inputs.cols; i++) {
          const x = Math.min(1, Math.max(0, inputs.data[r * inputs.cols + i]!));
          drive += w[u * d + i]! * x + w[u * d + inputs.cols + i]! * (1 - x);
        }
        expect(seen.states['hidden.pre']!.data[r * 30 + u]).toBeCloseTo(drive, 4);
        expect(seen.states.hidden!.data[r * 30 + u]).toBeCloseTo(Math.max(0, drive) ** 3, 3);
      }
  });

  it('learns the task: test accuracy well above chance on shapes level 1', async () => {
    const { accuracy } = await import('@scrutable/core');
    const score = accuracy(await s.predict(task.test.inputs), task.test.targets, task.heads);
    expect(score).toBeGreaterThan(task.chance + 0.4);
  });

  it('a rank-one edit of input->hidden moves hidden.pre by exactly u (vᵀx)', async () => {
    const t = wtaRate.create({ config }) as WtaRateSubstrate;
    await t.fit(task, { seed: 3 });
    const inputs = matrix(
      2,
      task.test.inputs.cols,
      task.test.inputs.data.slice(0, 2 * task.test.inputs.cols),
    );
    const before = (await t.observe(inputs, { sites: ['hidden.pre'] })).states['hidden.pre']!;
    const d = 2 * inputs.cols;
    const u = Float32Array.from({ length: 30 }, (_, k) => (k === 4 ? 1 : 0));
    const v = Float32Array.from({ length: d }, (_, i) => (i === 0 ? 0.5 : 0));
    t.applyEdit({ name: 'input->hidden', u, v });
    const after = (await t.observe(inputs, { sites: ['hidden.pre'] })).states['hidden.pre']!;
    for (let r = 0; r < 2; r++) {
      const x0 = Math.min(1, Math.max(0, inputs.data[r * inputs.cols]!));
      expect(after.data[r * 30 + 4]! - before.data[r * 30 + 4]!).toBeCloseTo(0.5 * x0, 5);
      expect(after.data[r * 30 + 5]).toBe(before.data[r * 30 + 5]);
    }
  });

  it('clamping a site to its own observed states leaves the outputs unchanged', async () => {
    const seen = await s.observe(task.test.inputs);
    const units = Array.from({ length: 30 }, (_, u) => u);
    for (const site of ['hidden.pre', 'hidden'])
      expect(
        maxAbsDiff(
          await s.intervene(task.test.inputs, {
            kind: 'clamp',
            site,
            units,
            values: seen.states[site]!.data,
          }),
          await s.predict(task.test.inputs),
        ),
      ).toBe(0);
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const fit = async (seed: number) => {
      const t = wtaRate.create({ config });
      await t.fit(task, { seed });
      return t.parameters()[0]!.read();
    };
    expect(await fit(5)).toEqual(await fit(5));
    expect(await fit(5)).not.toEqual(await fit(6));
  });

  it('refuses bad configs and bad saves', async () => {
    await expectScrutableError('BAD_CONFIG', async () => wtaRate.create({ config: { hidden: 0 } }));
    await expectScrutableError('BAD_CONFIG', async () => wtaRate.create({ config: { spikes: true } }));
    const saved = JSON.parse(JSON.stringify(s.save())) as SerializedSubstrate & {
      data: { weights: string; readout: { bias: string } };
    };
    const broken = (edit: (d: typeof saved.data) => void) => {
      const copy = JSON.parse(JSON.stringify(saved));
      edit(copy.data);
      return copy;
    };
    await expectScrutableError('BAD_STATE', () => wtaRate.load(broken((d) => (d.weights = 'AAAA'))));
    await expectScrutableError('BAD_STATE', () => wtaRate.load(broken((d) => (d.readout.bias = 'AAAA'))));
    const loaded = await wtaRate.load(saved);
    expect(maxAbsDiff(await loaded.predict(task.test.inputs), await s.predict(task.test.inputs))).toBe(0);
  });
});
