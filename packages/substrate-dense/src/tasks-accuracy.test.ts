import { accuracy } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import dense from './index.js';

/** Held-out accuracy of the dense substrate with its DEFAULT configuration on a generated task. */
async function defaultAccuracy(domain: string, level: number): Promise<number> {
  const task = generateTask(domain, { level, seed: 0 });
  const s = dense.create();
  await s.fit(task, { seed: 0 });
  const score = accuracy(await s.predict(task.test.inputs), task.test.targets, task.heads);
  s.dispose();
  return score;
}

describe('accuracy on generated tasks with the default configuration', () => {
  it.each([1, 2])('boolean level %i reaches 95% on the test split', async (level) => {
    expect(await defaultAccuracy('boolean', level)).toBeGreaterThanOrEqual(0.95);
  });

  // Held-out pairs are answered only once weight decay has moved the network from memorising the
  // training pairs to the general rule, so this checks the defaults' decay and epoch budget together.
  it.each([1, 2])('modadd level %i reaches 95% on the test split', async (level) => {
    expect(await defaultAccuracy('modadd', level)).toBeGreaterThanOrEqual(0.95);
  });
});
