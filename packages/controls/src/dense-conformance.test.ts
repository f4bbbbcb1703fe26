import { describeSubstrate } from '@scrutable/testkit';
import { scrambledDenseFactory, untrainedDenseFactory } from './index.js';

const config = { hidden: [8], epochs: 5, validationFraction: 0 };
describeSubstrate({ factory: scrambledDenseFactory, config });
describeSubstrate({ factory: untrainedDenseFactory, config });
