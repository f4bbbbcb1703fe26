import { parentPort } from 'node:worker_threads';
import { timeBrette2007 } from './brette2007.js';

// A fixed piece of typical work (the spiking benchmark network, built and run three times), timed.
const started = performance.now();
for (let seed = 1; seed <= 3; seed++) timeBrette2007({ neurons: 4000, simulatedMs: 1000, seed, stdp: false });
parentPort!.postMessage({ ms: performance.now() - started });
