import { denseThroughputOn, TF_BACKENDS } from '../dense-throughput.js';
import type { BenchRecord, BenchSuite } from '../harness.js';

/**
 * TensorFlow.js dense substrate on the reference model (784-256-10, ReLU, Adam, batch 128), on each
 * backend available here (each in its own worker thread): training throughput through `fit` and
 * `observe` throughput (forward passes per second reading every site). See `denseThroughput`.
 */
const suite: BenchSuite = {
  name: 'dense',
  description:
    'Training and observe throughput of the dense MLP on each available TensorFlow.js backend, 784-256-10 ReLU, Adam, batch 128.',
  async run({ size, repeats, log }) {
    const records: BenchRecord[] = [];
    for (const name of TF_BACKENDS) {
      const result = await denseThroughputOn(name, size, repeats);
      if ('unavailable' in result) {
        log(`dense: backend '${name}' not available here (${result.unavailable})`);
        continue;
      }
      const {
        backend,
        training,
        trainingPerCpuSecond,
        matrixProducts,
        observing,
        sizes,
        rows,
        observeBatch,
      } = result;
      log(
        `dense ${backend} ${sizes.join('-')} training: ${training.map((s) => s.toFixed(0)).join(', ')} samples/s`,
      );
      log(`dense ${backend} observe: ${observing.map((s) => s.toFixed(0)).join(', ')} forward passes/s`);
      const params = { sizes, activation: 'relu', optimizer: 'adam', batchSize: 128, rows };
      records.push(
        {
          benchmark: `dense.train.${backend}`,
          metric: 'training throughput',
          unit: 'samples/s',
          samples: training,
          params,
          // The target is the project's default backend's (wasm); the others are recorded alongside.
          ...(size === 'full' && backend === 'tfjs-wasm'
            ? { target: { op: '>=' as const, value: 10_000 } }
            : {}),
        },
        {
          benchmark: `dense.train.${backend}.per-cpu-second`,
          metric:
            'training throughput per second of the process CPU time (steadier than wall time on a loaded machine)',
          unit: 'samples/CPU s',
          samples: trainingPerCpuSecond,
          params,
        },
        {
          benchmark: `dense.train.${backend}.matrix-products-only`,
          metric:
            'training throughput if a step were only its five matrix products (the ceiling of removing everything else)',
          unit: 'samples/s',
          samples: matrixProducts,
          params,
        },
        {
          benchmark: `dense.observe.${backend}`,
          metric: 'observe throughput (all sites)',
          unit: 'forward passes/s',
          samples: observing,
          params: { ...params, observeBatch },
        },
      );
    }
    if (records.length === 0) throw new Error('no TensorFlow.js backend is available');
    return records;
  },
};
export default suite;
