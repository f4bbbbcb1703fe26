import spiking from '@scrutable/substrate-spiking';
import { generateTask } from '@scrutable/tasks';
import type { BenchRecord, BenchSuite } from '../harness.js';

/**
 * Synaptic events/s while a substrate learns: the spiking substrate's unsupervised STDP epochs on
 * shapes level 1 (every input spike reads a trace and may write a weight). The plastic phase ends at
 * the fit's last per-example progress report; the reading pass that follows (no plasticity) and the
 * readout are left out. Events are the simulator's own count over the STDP epochs.
 */
const suite: BenchSuite = {
  name: 'plastic-training',
  description:
    'Synaptic events/s of the spiking substrate’s STDP training (shapes level 1, 150 excitatory neurons).',
  async run({ size, repeats, log }) {
    const task = generateTask('shapes', { level: 1, seed: 0 });
    const rows = size === 'full' ? task.train.inputs.rows : 20;
    const train = {
      inputs: {
        ...task.train.inputs,
        rows,
        data: task.train.inputs.data.subarray(0, rows * task.train.inputs.cols),
      },
      targets: {
        ...task.train.targets,
        rows,
        data: task.train.targets.data.subarray(0, rows * task.train.targets.cols),
      },
    };
    const epochs = size === 'full' ? 2 : 1;
    const config = { excitatory: 150, epochs, windowMs: 150, readout: 'vote' } as const;
    const samples: number[] = [];
    for (let k = 0; k <= repeats; k++) {
      const substrate = spiking.create({ config });
      const start = performance.now();
      let plasticEnd = start;
      let examples = 0;
      const report = await substrate.fit(
        { ...task, train },
        {
          seed: k,
          onProgress: () => {
            plasticEnd = performance.now();
            examples++;
          },
        },
      );
      const events = Number(report.details?.stdpSynapticEvents);
      const perSecond = events / ((plasticEnd - start) / 1000);
      log(
        `plastic-training: ${examples} presentations, ${events} events, ${(perSecond / 1e6).toFixed(2)} M events/s`,
      );
      if (k > 0) samples.push(perSecond); // the first is the warm-up
      substrate.dispose();
    }
    const record: BenchRecord = {
      benchmark: 'plastic-training.spiking-stdp',
      metric: 'synaptic events/s',
      unit: 'events/s',
      samples,
      params: { task: 'shapes L1', rows, epochs, excitatory: 150, trainWindowMs: 150 },
    };
    return [record];
  },
};

export default suite;
