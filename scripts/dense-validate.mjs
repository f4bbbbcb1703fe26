#!/usr/bin/env node
// Validation accuracy of dense configurations, never reading the test split:
//   node scripts/dense-validate.mjs <domain> <levels> '<JSON array of configs>' [--seed 0 | --seeds 0,1,2] [--folds K]
// Each config (tuned: false, so only what it gives over the defaults) is trained on part of the task's
// training split and scored on the rest. Without --folds: a seeded 80% trains, the other 20% scores.
// With --folds K: K-fold cross-validation over the seeded rows, so every training row is scored once
// (K fits per level and seed). Prints one line per level, seed and config, then each config's
// accuracy pooled over every scored row, with its binomial standard error.
import { parseArgs } from 'node:util';
import { accuracy, Rng, takeRows } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { generateTask } from '@scrutable/tasks';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string' },
    seeds: { type: 'string' },
    folds: { type: 'string' },
  },
});
const [domain, levels, candidates] = positionals;
const usage =
  "usage: node scripts/dense-validate.mjs <domain> <levels, e.g. 1,2> '<JSON array of configs>' [--seed N | --seeds 0,1,2] [--folds K]";
if (!domain || !levels || !candidates || (values.seed !== undefined && values.seeds !== undefined)) {
  console.error(usage);
  process.exit(2);
}
const integers = (text, name, least) => {
  const list = text.split(',').map(Number);
  if (!list.every((n) => Number.isInteger(n) && n >= least)) {
    console.error(`${name} must be integers >= ${least}, got '${text}'\n${usage}`);
    process.exit(2);
  }
  return list;
};
const seeds = integers(values.seeds ?? values.seed ?? '0', '--seed(s)', 0);
const [folds] = values.folds === undefined ? [undefined] : integers(values.folds, '--folds', 2);
let configs;
try {
  configs = JSON.parse(candidates);
  if (!Array.isArray(configs)) throw new Error('not an array');
} catch (error) {
  console.error(`the configs must be a JSON array: ${error.message}\n${usage}`);
  process.exit(2);
}

/** Held-out and training rows of each split: 20/80 without folds, else the K folds in turn. */
function splits(order) {
  if (folds === undefined) {
    const cut = Math.round(order.length * 0.2);
    return [[order.slice(0, cut), order.slice(cut)]];
  }
  return Array.from({ length: folds }, (_, k) => [
    order.filter((_, i) => i % folds === k),
    order.filter((_, i) => i % folds !== k),
  ]);
}

const pooled = configs.map(() => ({ right: 0, rows: 0 }));
for (const seed of seeds)
  for (const level of levels.split(',').map(Number)) {
    const task = generateTask(domain, { level, seed });
    const order = new Rng(1000 + seed).permutation(task.train.inputs.rows);
    const part = (rows) => ({
      inputs: takeRows(task.train.inputs, rows),
      targets: takeRows(task.train.targets, rows),
    });
    for (const [c, config] of configs.entries()) {
      let right = 0;
      let rows = 0;
      for (const [held, fit] of splits(order)) {
        // The held-out rows stand in as the test split; the task's own test split is not passed on.
        const dataset = { ...task, train: part(fit), test: part(held) };
        const substrate = dense.create({ config: { ...config, tuned: false } });
        await substrate.fit(dataset, { seed });
        right +=
          accuracy(await substrate.predict(dataset.test.inputs), dataset.test.targets, task.heads) *
          held.length;
        rows += held.length;
        substrate.dispose();
      }
      pooled[c].right += right;
      pooled[c].rows += rows;
      console.log(
        `${domain} L${level} seed ${seed} ${JSON.stringify(config)}: validation ${(right / rows).toFixed(3)} (${rows} rows)`,
      );
    }
  }
for (const [c, config] of configs.entries()) {
  const { right, rows } = pooled[c];
  const p = right / rows;
  console.log(
    `pooled ${JSON.stringify(config)}: ${p.toFixed(3)} (${rows} rows, standard error ${Math.sqrt((p * (1 - p)) / rows).toFixed(3)})`,
  );
}
