import plastic from '@scrutable/substrate-spiking-plastic';
import { generateTask } from '@scrutable/tasks';
import type { BenchRecord, BenchSuite } from '../harness.js';

/**
 * Synaptic events/s while the e-prop network learns: its training presentations on shapes level 1
 * (every input spike is delivered to the hidden layer, whose potentials are sampled each simulated ms
 * for the eligibility traces, and each batch of updates is one Adam step). No rows are held out, so the
 * interval from the start of fit to its last per-batch progress report holds training alone; the
 * scoring pass that follows is left out. Events are the simulator's own count over the training runs.
 */
const suite: BenchSuite = {
  name: 'plastic-training-eprop',
  description:
    'Synaptic events/s of the spiking-plastic substrate’s e-prop training (shapes level 1, 96 hidden LIF neurons).',
  async run({ size, repeats, log }) {
    const task = generateTask('shapes', { level: 1, seed: 0 });
    const rows = size === 'full' ? task.train.inputs.rows : 32;
    const slice = (m: typeof task.train.inputs) => ({ ...m, rows, data: m.data.subarray(0, rows * m.cols) });
    const train = { inputs: slice(task.train.inputs), targets: slice(task.train.targets) };
    const epochs = size === 'full' ? 2 : 1;
    const config = { epochs, validationShare: 0 } as const;
    const samples: number[] = [];
    for (let k = 0; k <= repeats; k++) {
      const substrate = plastic.create({ config });
      const start = performance.now();
      let trainingEnd = start;
      const report = await substrate.fit(
        { ...task, train },
        {
          seed: k,
          onProgress: () => {
            trainingEnd = performance.now();
          },
        },
      );
      const events = Number(report.details?.trainingSynapticEvents);
      const perSecond = events / ((trainingEnd - start) / 1000);
      log(`plastic-training-eprop: ${events} events, ${(perSecond / 1e6).toFixed(2)} M events/s`);
      if (k > 0) samples.push(perSecond); // the first is the warm-up
      substrate.dispose();
    }
    const record: BenchRecord = {
      benchmark: 'plastic-training.spiking-plastic-eprop',
      metric: 'synaptic events/s',
      unit: 'events/s',
      samples,
      params: { task: 'shapes L1', rows, epochs, hidden: 96, trainWindowMs: 50 },
    };
    return [record];
  },
};

export default suite;
