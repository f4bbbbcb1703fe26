import { accuracy } from '@scrutable/core';
import { DOMAINS, generateTask } from '@scrutable/tasks';
import { it } from 'vitest';
import symbolic from '../src/index.js';
import { mlCartAccuracy, plainCartAccuracy } from './ml-cart-reference.js';

const LEVELS = (process.env.LEVELS ?? '1,2,3').split(',').map(Number);
const ONLY = process.env.DOMAINS?.split(',');

// Test accuracy, seed 0: ml-cart and this package's plain CART at depths 4 and 8, and the fitted
// substrate against ml-cart grown to the depth the substrate chose.
it('symbolic against ml-cart per domain and level', async () => {
  const rows = ['domain\tlevel\tmlcart@4\tplain@4\tmlcart@8\tplain@8\tchosen\tmlcart@chosen\tsubstrate'];
  for (const domain of DOMAINS.filter((d) => !ONLY || ONLY.includes(d.id))) {
    for (const level of LEVELS) {
      const task = generateTask(domain.id, { level, seed: 0 });
      const s = symbolic.create();
      const report = await s.fit(task, { seed: 0 });
      const chosen = Number(report.details?.chosenDepthMax);
      const full = accuracy(await s.predict(task.test.inputs), task.test.targets, task.heads);
      const figures = [
        mlCartAccuracy(task, 4),
        plainCartAccuracy(task, 4),
        mlCartAccuracy(task, 8),
        plainCartAccuracy(task, 8),
        chosen,
        mlCartAccuracy(task, chosen),
        full,
      ];
      rows.push(
        [domain.id, level, ...figures.map((f) => (Number.isInteger(f) ? f : f.toFixed(3)))].join('\t'),
      );
      console.log(rows.at(-1));
    }
  }
  console.log(rows.join('\n'));
});
