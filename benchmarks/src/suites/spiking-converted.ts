import { takeRows } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { convertedFactory } from '@scrutable/substrate-spiking-converted';
import { generateTask } from '@scrutable/tasks';
import type { BenchRecord, BenchSuite } from '../harness.js';

/**
 * A converted network reading a batch: dense (two ReLU layers, trained for a fixed number of epochs)
 * on modadd level 1, converted to integrate-and-fire layers, then `observe` of a test batch over a
 * window. The second hidden layer receives the first's spikes through all-to-all synapses, so every
 * first-layer spike is one synaptic event per second-layer neuron; the first reads the input as a
 * current. Beside benchmark 4 (`spiking`), the same simulator on a dense, feed-forward network.
 */
const suite: BenchSuite = {
  name: 'spiking-converted',
  description:
    'A trained ReLU network converted to spiking (2 x 256 IF neurons), reading a batch over a window.',
  async run({ size, repeats, log }) {
    const full = size === 'full';
    const hidden = full ? [256, 256] : [16, 16];
    const epochs = full ? 30 : 1;
    const batch = full ? 64 : 4;
    const windowMs = full ? 500 : 50;
    const task = generateTask('modadd', { level: 1, seed: 0 });
    const converted = convertedFactory(dense).create({ config: { windowMs, source: { hidden, epochs } } });
    await converted.fit(task, { seed: 0, budget: { epochs } });
    const inputs = takeRows(
      task.test.inputs,
      Array.from({ length: Math.min(batch, task.test.inputs.rows) }, (_, i) => i),
    );
    await converted.observe(inputs); // warm-up
    const eventsPerS: number[] = [];
    const msPerSimulatedS: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const { cost } = await converted.observe(inputs);
      eventsPerS.push(cost.synapticEvents / (cost.wallMs / 1000));
      msPerSimulatedS.push((cost.wallMs * 1000) / cost.simulatedMs);
      log(
        `spiking-converted.read: ${cost.synapticEvents} events in ${cost.wallMs.toFixed(0)} ms (${(eventsPerS[r]! / 1e6).toFixed(1)} M events/s)`,
      );
    }
    converted.dispose();
    const params = { hidden, epochs, batch, windowMs, task: 'modadd/L1/s0' };
    const records: BenchRecord[] = [
      {
        benchmark: 'spiking-converted.read',
        metric: 'synaptic events/s',
        unit: 'events/s',
        samples: eventsPerS,
        params,
      },
      {
        benchmark: 'spiking-converted.read',
        metric: 'wall ms per simulated s',
        unit: 'ms',
        samples: msPerSimulatedS,
        params,
      },
    ];
    return records;
  },
};
export default suite;
