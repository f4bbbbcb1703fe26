#!/usr/bin/env node
// Retained memory of the benchmark 4 network, built and after a run. A child process of its own,
// started with --expose-gc (worker threads cannot take V8 flags): a full collection before each reading
// leaves only what the network keeps alive. Prints one JSON line (see SpikingMemory).
import { BRETTE2007_POPULATIONS, brette2007Network } from './brette2007.js';

/** The job, as the probe's one argument. */
export interface SpikingMemoryJob {
  neurons: number;
  simulatedMs: number;
  seed: number;
}

/** Bytes the network holds (V8 heap + ArrayBuffers) above what the process held before building it. */
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
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
// A small network first, so the simulator's compiled code is already in the heap before the reading.
brette2007Network(200, seed, false).run(simulatedMs);
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
