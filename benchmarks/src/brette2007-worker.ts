import { parentPort, workerData } from 'node:worker_threads';
import { type Brette2007Job, type Brette2007Run, timeBrette2007 } from './brette2007.js';

/** Untimed warm-up runs before the timed ones: at least this many, and for at least WARM_UP_MS. */
const WARM_UP_RUNS = 3;
const WARM_UP_MS = 1000;
/** Timed runs per isolate; the isolate's figure is their median run. */
const MEASURED_RUNS = 5;

// Timed runs in a fresh isolate after untimed warm-up runs of the same configuration (seed 0), so the
// JIT has compiled exactly the code paths the timed runs take. As JMH does per fork, the isolate's
// figure is the median of several measured iterations: one iteration alone also measures whichever
// garbage collection or background compilation happened to land in it.
const job = workerData as Brette2007Job;
const started = performance.now();
for (let r = 0; r < WARM_UP_RUNS || performance.now() - started < WARM_UP_MS; r++)
  timeBrette2007({ ...job, seed: 0 });
const runs: Brette2007Run[] = [];
for (let r = 0; r < MEASURED_RUNS; r++) runs.push(timeBrette2007(job));
runs.sort((a, b) => a.wallMsPerSimulatedS - b.wallMsPerSimulatedS);
parentPort!.postMessage(runs[MEASURED_RUNS >> 1]);
