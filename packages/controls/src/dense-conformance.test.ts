import denseFactory from '@scrutable/substrate-dense';
import { describeSubstrate } from '@scrutable/testkit';
import { scrambledFactory } from './scrambled.js';
import { untrainedFactory } from './untrained.js';

// The controls as the bench registers them: derived from the dense substrate, their default source.
const config = { hidden: [8], epochs: 5, validationFraction: 0 };
describeSubstrate({ factory: scrambledFactory, source: denseFactory, config });
describeSubstrate({ factory: untrainedFactory, source: denseFactory, config });
