import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRecord, BenchSuite } from '../harness.js';
import type { SpikingMemory, SpikingMemoryJob } from '../spiking-memory-probe.js';

// Compiled code either way, as for the worker modules (see fresh-isolate).
const probe = fileURLToPath(new URL('../../dist/spiking-memory-probe.js', import.meta.url));

/** One reading of the probe, in a child process of its own. */
export function spikingMemory(job: SpikingMemoryJob): SpikingMemory {
  const out = execFileSync(process.execPath, ['--expose-gc', probe, JSON.stringify(job)], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as SpikingMemory;
}

/**
 * Memory the event-driven simulator holds per synapse on the benchmark 4 network (its typed arrays, see
 * spiking-memory-probe), built and after a simulated second, at growing sizes: it falls towards what a
 * synapse alone costs as per-neuron state is shared among more synapses.
 */
const suite: BenchSuite = {
  name: 'memory',
  description:
    'Bytes per synapse the benchmark 4 spiking network keeps in typed arrays, built and after 1 s, 4,000 to 16,000 neurons.',
  async run({ size, repeats, log }) {
    const simulatedMs = size === 'full' ? 1000 : 50;
    const sizes = size === 'full' ? [4000, 8000, 16000] : [200, 400];
    const records: BenchRecord[] = [];
    for (const neurons of sizes) {
      const runs = Array.from({ length: repeats }, (_, r) =>
        spikingMemory({ neurons, simulatedMs, seed: r + 1 }),
      );
      const perSynapse = (bytes: (m: SpikingMemory) => number) => runs.map((m) => bytes(m) / m.synapses);
      log(
        `spiking.memory.${neurons}: ${perSynapse((m) => m.builtBytes)
          .map((b) => b.toFixed(1))
          .join(', ')} B/synapse built`,
      );
      const params = { neurons, simulatedMs, synapses: runs.map((m) => m.synapses) };
      records.push(
        {
          benchmark: `spiking.memory.${neurons}`,
          metric: 'bytes per synapse, built',
          unit: 'B',
          samples: perSynapse((m) => m.builtBytes),
          params,
        },
        {
          benchmark: `spiking.memory.${neurons}`,
          metric: `bytes per synapse, after ${simulatedMs} ms simulated`,
          unit: 'B',
          samples: perSynapse((m) => m.afterRunBytes),
          params,
        },
      );
    }
    return records;
  },
};

export default suite;
