import { accuracy } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import factory from './index.js';

// Default settings only: these are the figures the bench grid relies on.
describe('dense-brain accuracy with default settings', () => {
  it.each([1, 2])('generalises on boolean level %i (held-out accuracy >= 0.95)', async (level) => {
    const task = generateTask('boolean', { level, seed: 0 });
    const substrate = factory.create();
    await substrate.fit(task, { seed: 0 });
    expect(
      accuracy(await substrate.predict(task.test.inputs), task.test.targets, task.heads),
    ).toBeGreaterThanOrEqual(0.95);
  });

  // Held-out pairs are answered only once weight decay has moved the network from memorising the
  // training pairs to the general rule, so this checks the defaults' decay and epoch budget together.
  it.each([1, 2])('generalises on modadd level %i (held-out accuracy >= 0.95)', async (level) => {
    const task = generateTask('modadd', { level, seed: 0 });
    const substrate = factory.create();
    const report = await substrate.fit(task, { seed: 0 });
    expect(
      accuracy(await substrate.predict(task.test.inputs), task.test.targets, task.heads),
    ).toBeGreaterThanOrEqual(0.95);
    // The training split is fitted too: trainScore is the training accuracy.
    expect(report.trainScore).toBeCloseTo(
      accuracy(await substrate.predict(task.train.inputs), task.train.targets, task.heads),
      10,
    );
    expect(report.trainScore).toBeGreaterThanOrEqual(0.95);
  });
});
