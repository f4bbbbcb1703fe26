#!/usr/bin/env node
// Held-out accuracy of the dense substrate beside its floor, mean over seeds:
//   npx turbo run build --filter=@scrutable/substrate-dense... && node scripts/dense-floors.mjs [--domains a,b] [--levels 1,2] [--seeds 3]
// floor = max(chance + 0.8·(1 − chance), linear + 0.5·(1 − linear)), with the task's own chance and
// linear baseline (a ridge readout of the raw inputs). Prints a Markdown table.
import { parseArgs } from 'node:util';
import { accuracy } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { DOMAINS, generateTask } from '@scrutable/tasks';

const { values } = parseArgs({
  options: {
    domains: { type: 'string', default: DOMAINS.map((d) => d.id).join(',') },
    levels: { type: 'string', default: '1,2' },
    seeds: { type: 'string', default: '3' },
  },
});
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
console.log('| domain | level | chance | linear | floor | dense (mean) | per seed | meets |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
for (const domain of values.domains.split(','))
  for (const level of values.levels.split(',').map(Number)) {
    const rows = [];
    for (const seed of seeds) {
      const task = generateTask(domain, { level, seed });
      const substrate = dense.create();
      await substrate.fit(task, { seed });
      const test = accuracy(await substrate.predict(task.test.inputs), task.test.targets, task.heads);
      substrate.dispose();
      rows.push({ chance: task.chance, linear: task.linear, test });
      console.error(`${domain} L${level} seed ${seed}: ${test.toFixed(3)}`);
    }
    const chance = mean(rows.map((r) => r.chance));
    const linear = mean(rows.map((r) => r.linear));
    const floor = Math.max(chance + 0.8 * (1 - chance), linear + 0.5 * (1 - linear));
    const got = mean(rows.map((r) => r.test));
    const f = (x) => x.toFixed(3);
    console.log(
      `| ${domain} | ${level} | ${f(chance)} | ${f(linear)} | ${f(floor)} | ${f(got)} | ${rows.map((r) => f(r.test)).join(', ')} | ${got >= floor ? 'yes' : 'no'} |`,
    );
  }
