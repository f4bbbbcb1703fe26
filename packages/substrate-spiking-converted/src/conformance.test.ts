import { describeSubstrate } from '@scrutable/testkit';
import { convertedFactory } from './factory.js';
import { reluMlpFactory } from './relu-mlp.fixture.js';

// One hidden layer (the readout reads counts) and two (spikes cross a layer of synapses).
describeSubstrate({
  factory: convertedFactory(reluMlpFactory([12])),
  config: { windowMs: 200 },
  run: { windowMs: 200 },
});
describeSubstrate({
  factory: convertedFactory(reluMlpFactory([10, 8])),
  config: { windowMs: 200 },
  run: { windowMs: 200 },
});
