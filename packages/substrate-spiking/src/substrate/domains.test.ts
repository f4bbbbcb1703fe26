import { accuracy } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import spiking from '../index.js';

// Accuracy per domain and level with the default config; slow (about half a minute), so opt-in:
// SPIKING_DOMAINS=1 npx vitest run src/substrate/domains.test.ts
// The README claims held-out accuracy above chance only on boolean and shapes, and the test checks
// exactly that (by at least 5 points); on modadd, facts and gridworld it is at or below chance and the
// numbers are only printed.
const ABOVE_CHANCE = new Set(['boolean', 'shapes']);
const cells = ['boolean', 'modadd', 'facts', 'gridworld', 'shapes'].flatMap((domain) =>
  [1, 2].map((level) => [domain, level] as const),
);

describe.skipIf(!process.env.SPIKING_DOMAINS)('spiking substrate accuracy per domain', () => {
  it.each(cells)(
    '%s level %i',
    async (domain, level) => {
      const task = generateTask(domain, { level, seed: 1 });
      const substrate = spiking.create();
      const start = performance.now();
      const report = await substrate.fit(task, { seed: 1 });
      const fitMs = performance.now() - start;
      const test = accuracy(await substrate.predict(task.test.inputs), task.test.targets, task.heads);
      console.log(
        `${domain} L${level}: test ${test.toFixed(3)} (chance ${task.chance.toFixed(3)}), train ${report.trainScore?.toFixed(3)}, fit ${Math.round(fitMs)} ms`,
      );
      if (ABOVE_CHANCE.has(domain)) expect(test).toBeGreaterThan(task.chance + 0.05);
    },
    300_000,
  );
});
