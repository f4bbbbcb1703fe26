import { describeSubstrate } from '@scrutable/testkit';
import wtaRate from './index.js';

describeSubstrate({ factory: wtaRate, config: { hidden: 24, epochs: 5 } });
