import { accuracy } from '@scrutable/core';
import { DOMAINS, generateTask } from '@scrutable/tasks';
import { it } from 'vitest';
import symbolic from '../src/index.js';

const LEVELS = (process.env.LEVELS ?? '1,2,3').split(',').map(Number);
const ONLY = process.env.DOMAINS?.split(',');

// Test accuracy of the symbolic substrate per domain and level, seed 0, default config.
it('symbolic accuracy per domain and level', async () => {
  const rows: string[] = [
    'domain\tlevel\ttrain\ttest\tchance\ttestAcc\ttrainAcc\trules\tliterals\tdepth\tfitMs',
  ];
  for (const domain of DOMAINS.filter((d) => !ONLY || ONLY.includes(d.id))) {
    for (const level of LEVELS) {
      const task = generateTask(domain.id, { level, seed: 0 });
      const s = symbolic.create();
      const report = await s.fit(task, { seed: 0 });
      const test = accuracy(await s.predict(task.test.inputs), task.test.targets, task.heads);
      const d = report.details ?? {};
      rows.push(
        [
          domain.id,
          level,
          task.train.inputs.rows,
          task.test.inputs.rows,
          task.chance.toFixed(3),
          test.toFixed(3),
          report.trainScore?.toFixed(3),
          d.rules,
          d.literals,
          d.depth,
          Math.round(report.wallMs),
        ].join('\t'),
      );
      console.log(rows.at(-1));
      s.dispose();
    }
  }
  console.log(rows.join('\n'));
});
