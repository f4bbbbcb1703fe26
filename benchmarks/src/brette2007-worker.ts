import { parentPort, workerData } from 'node:worker_threads';
import { type Brette2007Job, timeBrette2007 } from './brette2007.js';

/** Untimed warm-up runs before the timed one: at least this many, and for at least WARM_UP_MS. */
const WARM_UP_RUNS = 3;
const WARM_UP_MS = 1000;

// A timed run in a fresh isolate after untimed warm-up runs of the same configuration (seed 0), so the
// JIT has compiled exactly the code paths the timed run takes (as JMH warms up each fork).
const job = workerData as Brette2007Job;
const started = performance.now();
for (let r = 0; r < WARM_UP_RUNS || performance.now() - started < WARM_UP_MS; r++)
  timeBrette2007({ ...job, seed: 0 });
parentPort!.postMessage(timeBrette2007(job));
