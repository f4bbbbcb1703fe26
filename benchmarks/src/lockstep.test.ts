import { describe, expect, it } from 'vitest';
import { BRETTE2007_LIF } from './brette2007.js';
import { timeLockstep } from './lockstep.js';

describe('lockstep population', () => {
  it('fires every neuron together, once per free-running period', () => {
    const { tauMs, restMv, resetMv, thresholdMv, refractoryMs } = BRETTE2007_LIF;
    // From reset, V − E decays from reset − E to threshold − E: the period of a neuron left alone.
    const period = refractoryMs + tauMs * Math.log((resetMv - restMv) / (thresholdMv - restMv));
    const simulatedMs = 400;
    const perNeuron = Math.floor(simulatedMs / period) + 1; // the first spike is at 0, from rest
    expect(timeLockstep({ neurons: 50, simulatedMs, seed: 1 }).spikes).toBe(50 * perNeuron);
  });
});
