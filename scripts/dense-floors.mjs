#!/usr/bin/env node
// Held-out accuracy of the dense substrate beside its floor, mean over seeds:
//   npx turbo run build --filter=@scrutable/substrate-dense... && node scripts/dense-floors.mjs [--domains a,b] [--levels 1,2] [--seeds 3]
// floor = max(chance + 0.8·(1 − chance), linear + 0.5·(1 − linear)); linear = a ridge readout of the raw
// inputs, its strength chosen on a seeded 20% of the training split. Prints a Markdown table.
import { parseArgs } from 'node:util';
import { accuracy, Rng, takeRows } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { DOMAINS, generateTask } from '@scrutable/tasks';
import { Matrix, solve } from 'ml-matrix';

const { values } = parseArgs({
  options: {
    domains: { type: 'string', default: DOMAINS.map((d) => d.id).join(',') },
    levels: { type: 'string', default: '1,2' },
    seeds: { type: 'string', default: '3' },
  },
});
const LAMBDAS = [0.01, 1, 100];

/** Ridge readout (with a bias column) fitted on `fit`, as outputs for `inputs`. */
function ridge(x, y, lambda, inputs) {
  const withBias = (m) =>
    new Matrix(
      Array.from({ length: m.rows }, (_, i) => [...m.data.subarray(i * m.cols, (i + 1) * m.cols), 1]),
    );
  const X = withBias(x);
  const Y = new Matrix(
    Array.from({ length: y.rows }, (_, i) => [...y.data.subarray(i * y.cols, (i + 1) * y.cols)]),
  );
  const gram = X.transpose().mmul(X);
  for (let j = 0; j < gram.rows - 1; j++) gram.set(j, j, gram.get(j, j) + lambda);
  const w = solve(gram, X.transpose().mmul(Y));
  const out = withBias(inputs).mmul(w);
  return { rows: out.rows, cols: out.columns, data: Float32Array.from(out.to1DArray()) };
}

function linearBaseline(task, seed) {
  const { inputs, targets } = task.train;
  const order = new Rng(seed).fork('linear').permutation(inputs.rows);
  const cut = Math.round(order.length * 0.2);
  const [val, fit] = [order.slice(0, cut), order.slice(cut)];
  const score = (lambda) =>
    accuracy(
      ridge(takeRows(inputs, fit), takeRows(targets, fit), lambda, takeRows(inputs, val)),
      takeRows(targets, val),
      task.heads,
    );
  const best = LAMBDAS.reduce((a, b) => (score(b) > score(a) ? b : a));
  return accuracy(ridge(inputs, targets, best, task.test.inputs), task.test.targets, task.heads);
}

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
      rows.push({ chance: task.chance, linear: linearBaseline(task, seed), test });
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
