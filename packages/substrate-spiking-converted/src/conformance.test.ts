import { describeSubstrate } from '@scrutable/testkit';
import { convertedFactory } from './factory.js';
import { reluMlpFactory } from './relu-mlp.fixture.js';

// The registry's factory with a ReLU source passed as the runner passes it. One hidden layer, the
// shape of dense's default: the readout is linear in the layer's counts, so clamping a site to its own
// states changes nothing. With more hidden layers a clamp replays counts as evenly spaced spikes, not
// their original timing, and downstream counts can move (see the README).
describeSubstrate({
  factory: convertedFactory(),
  source: reluMlpFactory([12]),
  config: { windowMs: 200 },
  run: { windowMs: 200 },
});
