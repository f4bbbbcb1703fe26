import { Network } from '@scrutable/spiking-sim';
import { BRETTE2007_LIF } from './brette2007.js';

/** One timed run of the lockstep population. */
export interface LockstepJob {
  neurons: number;
  simulatedMs: number;
  seed: number;
}

/** What one timed run gives. */
export interface LockstepRun {
  wallMsPerSimulatedS: number;
  spikes: number;
}

/**
 * Identical, unconnected benchmark 4 neurons started together at rest (above threshold), so every
 * neuron comes due at the same instant, spike after spike: the neuron queue's worst case of ties.
 */
export function timeLockstep({ neurons, simulatedMs, seed }: LockstepJob): LockstepRun {
  const net = new Network({ seed });
  net.addLif('cells', neurons, BRETTE2007_LIF);
  net.record('cells', false);
  net.compile();
  const start = performance.now();
  const { spikes } = net.run(simulatedMs);
  return { wallMsPerSimulatedS: ((performance.now() - start) * 1000) / simulatedMs, spikes };
}
