import { describeSubstrate } from '@scrutable/testkit';
import plastic from './index.js';

describeSubstrate({ factory: plastic, config: { hidden: 16, epochs: 2, windowMs: 30 } });
