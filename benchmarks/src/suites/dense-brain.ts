import denseBrain from '@scrutable/substrate-dense-brain';
import { epochThroughput } from '../epoch-throughput.js';
import type { BenchRecord, BenchSuite } from '../harness.js';
import { randomImages } from '../random-images.js';

/**
 * brain.js training throughput of the dense substrate on the reference model (784-256-10, ReLU).
 * brain.js has no mini-batches: it updates after every example, so the batch size is 1 whatever the
 * config says. One sample = one epoch after a warm-up epoch (see epochThroughput).
 */
const suite: BenchSuite = {
  name: 'dense-brain',
  description: 'Training throughput of the dense MLP on brain.js (per-example SGD), 784-256-10 ReLU.',
  async run({ size, repeats, log }) {
    const [width, hidden, classes, rows] = size === 'full' ? [784, 256, 10, 2048] : [64, 32, 10, 128];
    const data = randomImages(rows, width, classes, 1);
    const substrate = denseBrain.create({ config: { hidden: [hidden], activation: 'relu', batchSize: 128 } });
    let samples: number[];
    try {
      samples = (await epochThroughput(substrate, data, repeats)).perWallSecond;
    } finally {
      substrate.dispose();
    }
    log(
      `dense-brain ${width}-${hidden}-${classes}: ${samples.map((s) => s.toFixed(0)).join(', ')} samples/s`,
    );
    const record: BenchRecord = {
      benchmark: 'dense.train.brain.js',
      metric: 'training throughput',
      unit: 'samples/s',
      samples,
      params: { sizes: [width, hidden, classes], activation: 'relu', rows, effectiveBatchSize: 1 },
    };
    return [record];
  },
};
export default suite;
