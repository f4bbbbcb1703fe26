import { generateTask } from '@scrutable/tasks';
import { describeSubstrate, referenceFactory } from '@scrutable/testkit';
import { plantedFactory, plantedSpikingFactory } from './planted-factory.js';
import { scrambledFactory } from './scrambled.js';
import { untrainedFactory } from './untrained.js';

describeSubstrate({
  factory: plantedFactory,
  config: { noiseUnits: 4 },
  dataset: generateTask('boolean', { level: 1, seed: 3 }),
});
describeSubstrate({
  factory: plantedFactory,
  config: { noiseUnits: 4 },
  dataset: generateTask('modadd', { level: 1, seed: 3 }),
});
describeSubstrate({
  factory: plantedSpikingFactory,
  config: { noiseUnits: 4, windowMs: 200 },
  dataset: generateTask('boolean', { level: 1, seed: 3 }),
});
describeSubstrate({
  factory: plantedSpikingFactory,
  config: { noiseUnits: 4, windowMs: 200 },
  dataset: generateTask('modadd', { level: 1, seed: 3 }),
});
// The derived controls built from the reference substrate as their source (dense: dense-conformance).
describeSubstrate({ factory: scrambledFactory, source: referenceFactory, config: { hidden: 8 } });
describeSubstrate({ factory: untrainedFactory, source: referenceFactory, config: { hidden: 8 } });
