import { bench, describe } from 'vitest';
import { DOMAINS, generateTask } from './index.js';

// Generation time per domain at the smallest and largest level: `npx vitest bench --run` here.
for (const domain of DOMAINS) {
  describe(domain.id, () => {
    for (const level of [1, 5]) {
      bench(`level ${level}`, () => {
        generateTask(domain.id, { level, seed: 1 });
      });
    }
  });
}
