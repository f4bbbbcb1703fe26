import { accuracy } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import spiking from '../index.js';

describe('spiking substrate accuracy', () => {
  it('reaches at least 90% test accuracy on shapes level 1 read at 300 ms', async () => {
    const task = generateTask('shapes', { level: 1, seed: 1 });
    const substrate = spiking.create({ config: { windowMs: 300 } });
    await substrate.fit(task, { seed: 1 });
    const score = accuracy(await substrate.predict(task.test.inputs), task.test.targets, task.heads);
    expect(score).toBeGreaterThanOrEqual(0.9);
    expect(score).toBeGreaterThan(task.chance + 0.3);
  }, 600_000);
});
