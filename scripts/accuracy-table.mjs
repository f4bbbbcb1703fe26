#!/usr/bin/env node
// Test accuracy per substrate, domain and level, mean over seeds 0..N-1 (each seed makes the task and
// fits the substrate), beside chance and a linear baseline (the trained linear readout of
// @scrutable/linear-readout on the raw inputs). Fit and predict only, no analyses.
// Usage: node scripts/accuracy-table.mjs --substrates spiking,wta-rate --tasks boolean,shapes --levels 1,2 --seeds 3
// Needs the packages built (npx turbo run build --filter=@scrutable/bench...).
import { parseArgs } from 'node:util';
import { accuracy } from '@scrutable/core';
import { applyTrainedReadout, fitTrainedReadout } from '@scrutable/linear-readout';
import { generateTask } from '@scrutable/tasks';

const { values } = parseArgs({
  options: {
    substrates: { type: 'string', default: 'spiking,wta-rate' },
    tasks: { type: 'string', default: 'boolean,shapes,gridworld,facts,modadd,grammar' },
    levels: { type: 'string', default: '1,2' },
    seeds: { type: 'string', default: '3' },
    config: { type: 'string', default: '{}' },
  },
});
const list = (s) => s.split(',').filter(Boolean);
const seeds = Number(values.seeds);
if (!Number.isInteger(seeds) || seeds < 1) throw new Error('--seeds must be a positive integer');
const configs = JSON.parse(values.config);
const factories = {};
for (const id of list(values.substrates))
  factories[id] = (await import(`@scrutable/substrate-${id}`)).default;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const header = ['domain', 'level', 'chance', 'linear', ...Object.keys(factories)];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
for (const task of list(values.tasks))
  for (const level of list(values.levels).map(Number)) {
    const chance = [];
    const linear = [];
    const scores = Object.fromEntries(Object.keys(factories).map((id) => [id, []]));
    for (let seed = 0; seed < seeds; seed++) {
      const t = generateTask(task, { level, seed });
      chance.push(t.chance);
      const baseline = fitTrainedReadout(t.train.inputs, t.train.targets, t.heads, { seed });
      linear.push(accuracy(applyTrainedReadout(baseline.readout, t.test.inputs), t.test.targets, t.heads));
      for (const [id, factory] of Object.entries(factories)) {
        const s = factory.create({ config: configs[id] });
        await s.fit(t, { seed });
        scores[id].push(accuracy(await s.predict(t.test.inputs), t.test.targets, t.heads));
        s.dispose();
        process.stderr.write(`${id} ${task} L${level} seed ${seed}: ${scores[id].at(-1).toFixed(3)}\n`);
      }
    }
    const cells = [chance, linear, ...Object.values(scores)].map((xs) => mean(xs).toFixed(3));
    console.log(`| ${task} | ${level} | ${cells.join(' | ')} |`);
  }
