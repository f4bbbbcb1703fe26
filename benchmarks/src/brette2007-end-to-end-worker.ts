import { parentPort, workerData } from 'node:worker_threads';
import { type EndToEndJob, type EndToEndRun, endToEndSeconds } from './brette2007.js';
import { medianAfterWarmUp } from './warm-median.js';

// The first build + run of a fresh isolate pays for compiling the simulator's code (as a first start
// of a program would); the warm figure is the median after the same warm-up as the other spiking
// samples: what the simulator costs once compiled, as a compiled peer's binary is timed.
const { neurons, simulatedMs, seed } = workerData as EndToEndJob;
const coldSeconds = endToEndSeconds(neurons, simulatedMs, seed);
const warmSeconds = medianAfterWarmUp(
  () => endToEndSeconds(neurons, simulatedMs, 0),
  () => endToEndSeconds(neurons, simulatedMs, seed),
  (s) => s,
);
parentPort!.postMessage({ coldSeconds, warmSeconds } satisfies EndToEndRun);
