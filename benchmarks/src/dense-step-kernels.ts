#!/usr/bin/env node
// Where a dense training step's time goes on the selected TensorFlow.js backend: every kernel of one
// epoch of `fit` (784-256-10 ReLU, Adam, batch 128, 2,048 random rows = 16 steps), timed by
// tf.profile and summed by kernel and input shapes, per step. A warm-up epoch runs first.
// Usage: node benchmarks/dist/dense-step-kernels.js   (SCRUTABLE_TF_BACKEND=wasm|cpu|node to choose)
import dense from '@scrutable/substrate-dense';
import * as tf from '@tensorflow/tfjs';
import { randomImages } from './random-images.js';

const rows = 2048;
const steps = rows / 128;
const data = randomImages(rows, 784, 10, 1);
const config = { hidden: [256], activation: 'relu', batchSize: 128, validationFraction: 0 } as const;
const warm = dense.create({ config });
await warm.fit(data, { seed: 1, budget: { epochs: 1 } });
warm.dispose();

const substrate = dense.create({ config });
const profile = await tf.profile(() => substrate.fit(data, { seed: 1, budget: { epochs: 1 } }).then(() => 0));
substrate.dispose();
const totals = new Map<string, { count: number; ms: number }>();
for (const kernel of profile.kernels) {
  // Ops that run other kernels (fused ops, `*__op`) are counted once, by the kernels they run.
  if (kernel.name.endsWith('__op')) continue;
  const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
  const entry = totals.get(key) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += Number(await kernel.kernelTimeMs);
  totals.set(key, entry);
}
const all = [...totals].sort((a, b) => b[1].ms - a[1].ms);
const totalMs = all.reduce((sum, [, e]) => sum + e.ms, 0);
const count = all.reduce((sum, [, e]) => sum + e.count, 0);
const lines = [
  `backend ${tf.getBackend()}: ${(count / steps).toFixed(0)} kernels and ${(totalMs / steps).toFixed(2)} ms of kernel time per step (${steps} steps; the epoch's final pass over the rows is included)`,
  '',
  '| kernel, input shapes | per step | ms per step | share |',
  '| --- | ---: | ---: | ---: |',
  ...all
    .slice(0, 15)
    .map(
      ([key, e]) =>
        `| ${key} | ${(e.count / steps).toFixed(1)} | ${(e.ms / steps).toFixed(3)} | ${((100 * e.ms) / totalMs).toFixed(1)}% |`,
    ),
];
process.stdout.write(`${lines.join('\n')}\n`);
