import spiking from '@scrutable/substrate-spiking';
import type { BenchRecord, BenchSuite } from '../harness.js';
import { trainingEventsPerSecond } from '../training-events.js';

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
    const epochs = size === 'full' ? 2 : 1;
    const { samples, rows } = await trainingEventsPerSecond({
      factory: spiking,
      config: { excitatory: 150, epochs, windowMs: 150, readout: 'vote' },
      rows: (all) => (size === 'full' ? all : 20),
      eventsDetail: 'stdpSynapticEvents',
      repeats,
      log,
      label: 'plastic-training',
    });
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
