import { parentPort, workerData } from 'node:worker_threads';
import { type Brette2007Job, timeBrette2007 } from './brette2007.js';
import { medianAfterWarmUp } from './warm-median.js';

// Timed runs in a fresh isolate after untimed warm-up runs of the same configuration (seed 0).
const job = workerData as Brette2007Job;
parentPort!.postMessage(
  medianAfterWarmUp(
    () => timeBrette2007({ ...job, seed: 0 }),
    () => timeBrette2007(job),
    (run) => run.wallMsPerSimulatedS,
  ),
);
