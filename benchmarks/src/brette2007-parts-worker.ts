import { parentPort, workerData } from 'node:worker_threads';
import { buildSeconds, type PartsRun, recordRun, replayBare } from './bare-delivery.js';
import type { EndToEndJob } from './brette2007.js';
import { medianAfterWarmUp } from './warm-median.js';

// Both parts timed warm, as the end-to-end figure is: the median after a warm-up in this isolate.
const { neurons, simulatedMs, seed } = workerData as EndToEndJob;
const build = medianAfterWarmUp(
  () => buildSeconds(neurons, 0),
  () => buildSeconds(neurons, seed),
  (s) => s,
);
const run = recordRun(neurons, simulatedMs, seed);
const state = new Float64Array(2 * neurons);
const timedReplay = (): number => {
  const start = performance.now();
  replayBare(run, state);
  return (performance.now() - start) / 1000;
};
const bareDelivery = medianAfterWarmUp(timedReplay, timedReplay, (s) => s);
parentPort!.postMessage({
  buildSeconds: build,
  bareDeliverySeconds: bareDelivery,
  events: run.events,
} satisfies PartsRun);
