import { describeSubstrate } from '@scrutable/testkit';
import spiking from './index.js';

describeSubstrate({
  factory: spiking,
  config: { excitatory: 30, windowMs: 60, epochs: 1 },
  run: { seed: 1, windowMs: 60 },
});

// Latency coding (one spike per active input) and Diehl & Cook's one-class-per-neuron labelling.
describeSubstrate({
  factory: spiking,
  config: { excitatory: 30, windowMs: 60, epochs: 1, encoding: 'latency', readout: 'label' },
  run: { seed: 2, windowMs: 60 },
});
