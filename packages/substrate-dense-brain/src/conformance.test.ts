import { describeSubstrate } from '@scrutable/testkit';
import factory from './index.js';

describeSubstrate({ factory, config: { hidden: [8, 6], epochs: 5 } });
describeSubstrate({
  factory,
  config: { hidden: [5], activation: 'tanh', patience: 2 },
  fit: { budget: { epochs: 4 } },
});
