#!/usr/bin/env node
// Validation accuracy of dense configurations, never reading the test split:
//   node scripts/dense-validate.mjs <domain> <levels> '<JSON array of configs>' [--seed 0]
// Each config (tuned: false, so only what it gives over the defaults) is trained on a seeded 80% of the
// task's training split and scored on the other 20%. Prints one line per level and config.
import { parseArgs } from 'node:util';
import { accuracy, Rng, takeRows } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { generateTask } from '@scrutable/tasks';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string', default: '0' } },
});
const [domain, levels, candidates] = positionals;
if (!domain || !levels || !candidates) {
  console.error(
    "usage: node scripts/dense-validate.mjs <domain> <levels, e.g. 1,2> '<JSON array of configs>' [--seed N]",
  );
  process.exit(2);
}
const seed = Number(values.seed);
for (const level of levels.split(',').map(Number)) {
  const task = generateTask(domain, { level, seed });
  const order = new Rng(1000 + seed).permutation(task.train.inputs.rows);
  const cut = Math.round(order.length * 0.2);
  const [held, fit] = [order.slice(0, cut), order.slice(cut)];
  const part = (rows) => ({
    inputs: takeRows(task.train.inputs, rows),
    targets: takeRows(task.train.targets, rows),
  });
  // The held-out rows stand in as the test split; the task's own test split is not passed on.
  const dataset = { ...task, train: part(fit), test: part(held) };
  for (const config of JSON.parse(candidates)) {
    const substrate = dense.create({ config: { ...config, tuned: false } });
    await substrate.fit(dataset, { seed });
    const score = accuracy(await substrate.predict(dataset.test.inputs), dataset.test.targets, task.heads);
    substrate.dispose();
    console.log(
      `${domain} L${level} seed ${seed} ${JSON.stringify(config)}: validation ${score.toFixed(3)} (${held.length} rows)`,
    );
  }
}
