import { parentPort, workerData } from 'node:worker_threads';
import { denseThroughput } from './dense-throughput.js';
import type { BenchSize } from './harness.js';

// One backend's dense throughput, measured in this thread (see denseThroughputOn).
const { size, repeats } = workerData as { size: BenchSize; repeats: number };
parentPort!.postMessage(await denseThroughput(size, repeats));
