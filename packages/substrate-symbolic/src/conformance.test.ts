import { generateTask } from '@scrutable/tasks';
import { describeSubstrate } from '@scrutable/testkit';
import symbolic from './index.js';

// The kit's own dataset (a class head and a bit), then a task whose binary head has two bits.
describeSubstrate({ factory: symbolic, config: { maxDepth: 6 } });
describeSubstrate({ factory: symbolic, dataset: generateTask('boolean', { level: 2, seed: 1 }) });
