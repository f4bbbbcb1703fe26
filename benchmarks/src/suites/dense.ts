import { matrix } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import type { BenchRecord, BenchSuite } from '../harness.js';
import { randomImages } from '../random-images.js';

/**
 * TensorFlow.js dense substrate on the reference model (784-256-10, ReLU, Adam, batch 128):
 * training throughput through `fit` (one sample = one epoch, timed between progress callbacks after
 * a warm-up epoch; no validation hold-out, so every row is trained on) and `observe` throughput
 * (forward passes per second reading every site).
 */
const suite: BenchSuite = {
  name: 'dense',
  description:
    'Training and observe throughput of the dense MLP on TensorFlow.js, 784-256-10 ReLU, Adam, batch 128.',
  async run({ size, repeats, log }) {
    const [width, hidden, classes, rows] = size === 'full' ? [784, 256, 10, 10240] : [64, 32, 10, 512];
    const data = randomImages(rows, width, classes, 1);
    const substrate = dense.create({
      config: { hidden: [hidden], activation: 'relu', batchSize: 128, validationFraction: 0 },
    });
    const epochEnds: number[] = [];
    await substrate.fit(data, {
      seed: 1,
      budget: { epochs: repeats + 1 },
      onProgress: () => {
        epochEnds.push(performance.now());
      },
    });
    const backend = substrate.info.backend ?? 'unknown';
    const training = epochEnds.slice(1).map((end, i) => rows / ((end - epochEnds[i]!) / 1000));
    log(
      `dense ${backend} ${width}-${hidden}-${classes} training: ${training.map((s) => s.toFixed(0)).join(', ')} samples/s`,
    );

    const batch = matrix(
      Math.min(rows, 1024),
      width,
      data.train.inputs.data.subarray(0, Math.min(rows, 1024) * width),
    );
    await substrate.observe(batch); // warm-up
    const observing: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      await substrate.observe(batch);
      observing.push(batch.rows / ((performance.now() - started) / 1000));
    }
    substrate.dispose();
    log(`dense ${backend} observe: ${observing.map((s) => s.toFixed(0)).join(', ')} forward passes/s`);
    const params = {
      sizes: [width, hidden, classes],
      activation: 'relu',
      optimizer: 'adam',
      batchSize: 128,
      rows,
    };
    const records: BenchRecord[] = [
      {
        benchmark: `dense.train.${backend}`,
        metric: 'training throughput',
        unit: 'samples/s',
        samples: training,
        params,
        ...(size === 'full' ? { target: { op: '>=', value: 10_000 } } : {}),
      },
      {
        benchmark: `dense.observe.${backend}`,
        metric: 'observe throughput (all sites)',
        unit: 'forward passes/s',
        samples: observing,
        params: { ...params, observeBatch: batch.rows },
      },
    ];
    return records;
  },
};
export default suite;
