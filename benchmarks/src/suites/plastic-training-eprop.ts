import plastic from '@scrutable/substrate-spiking-plastic';
import type { BenchRecord, BenchSuite } from '../harness.js';
import { trainingEventsPerSecond } from '../training-events.js';

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
    const epochs = size === 'full' ? 2 : 1;
    const { samples, rows } = await trainingEventsPerSecond({
      factory: plastic,
      config: { epochs, validationShare: 0 },
      rows: (all) => (size === 'full' ? all : 32),
      eventsDetail: 'trainingSynapticEvents',
      repeats,
      log,
      label: 'plastic-training-eprop',
    });
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
