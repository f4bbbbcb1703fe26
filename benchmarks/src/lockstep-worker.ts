import { parentPort, workerData } from 'node:worker_threads';
import { type LockstepJob, timeLockstep } from './lockstep.js';
import { medianAfterWarmUp } from './warm-median.js';

// Timed runs in a fresh isolate after untimed warm-up runs of the same configuration.
const job = workerData as LockstepJob;
parentPort!.postMessage(
  medianAfterWarmUp(
    () => timeLockstep(job),
    () => timeLockstep(job),
    (run) => run.wallMsPerSimulatedS,
  ),
);
