import { accuracy, maxAbsDiff } from '@scrutable/core';
import denseFactory from '@scrutable/substrate-dense';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { untrainedFactory } from './untrained.js';

const config = { hidden: [16], epochs: 30, validationFraction: 0 };

describe('untrained control', () => {
  it('is the dense net at its seeded initialisation: same as 0 epochs, worse than trained', async () => {
    const task = generateTask('boolean', { level: 1, seed: 4 });
    const untrained = untrainedFactory.create({ config, source: denseFactory });
    await untrained.fit(task, { seed: 2 });
    const zero = denseFactory.create({ config });
    await zero.fit(task, { seed: 2, budget: { epochs: 0 } });
    const trained = denseFactory.create({ config });
    await trained.fit(task, { seed: 2 });
    const x = task.test.inputs;
    expect(maxAbsDiff(await untrained.predict(x), await zero.predict(x))).toBe(0);
    const score = async (s: typeof zero) => accuracy(await s.predict(x), task.test.targets, task.heads);
    expect(await score(trained)).toBeGreaterThan(await score(untrained));
    expect(untrained.info).toMatchObject({ id: 'untrained', family: 'control' });
    for (const s of [untrained, zero, trained]) s.dispose();
  });
});
