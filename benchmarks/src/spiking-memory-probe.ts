#!/usr/bin/env node
// Retained memory of the benchmark 4 network, built and after a run. A child process of its own,
// started with --expose-gc (worker threads cannot take V8 flags): a full collection before each reading
// leaves only what the network keeps alive. The simulator keeps every per-neuron and per-synapse value
// in typed arrays, so their ArrayBuffers are what grows with the network; its plain objects are a few
// per population, and the V8 heap's own size moves by more than that with compiled code and feedback,
// so it is left out. Prints one JSON line (see SpikingMemory).
import { BRETTE2007_POPULATIONS, brette2007Network } from './brette2007.js';

/** The job, as the probe's one argument. */
export interface SpikingMemoryJob {
  neurons: number;
  simulatedMs: number;
  seed: number;
}

/** ArrayBuffer bytes the network holds, above what the process held before building it. */
export interface SpikingMemory {
  synapses: number;
  builtBytes: number;
  afterRunBytes: number;
}

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('spiking-memory-probe needs node --expose-gc');
const { neurons, simulatedMs, seed } = JSON.parse(process.argv[2] ?? '') as SpikingMemoryJob;
const held = () => {
  // The first full collection can leave freed ArrayBuffers to a concurrent sweeper; the second finishes them.
  collect();
  collect();
  return process.memoryUsage().arrayBuffers;
};
const before = held();
const net = brette2007Network(neurons, seed, false);
const built = held() - before;
net.run(simulatedMs);
const afterRun = held() - before;
// Read last, so the network is still in use at both readings.
let synapses = 0;
for (const from of BRETTE2007_POPULATIONS)
  for (const to of BRETTE2007_POPULATIONS) synapses += net.synapseCount(from, to);
process.stdout.write(
  `${JSON.stringify({ synapses, builtBytes: built, afterRunBytes: afterRun } satisfies SpikingMemory)}\n`,
);
