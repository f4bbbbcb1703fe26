import { describeSubstrate } from '@scrutable/testkit';
import dense from './index.js';

describeSubstrate({
  factory: dense,
  config: { hidden: [8, 6] },
  fit: { budget: { epochs: 10 } },
});
