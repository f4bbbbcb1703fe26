import { describe, expect, it } from 'vitest';
import { spikingMemory } from './memory.js';

describe('spiking memory probe', () => {
  it('counts at least each synapse its target index and weight, and the same network alike', () => {
    const job = { neurons: 400, simulatedMs: 20, seed: 3 };
    const reading = spikingMemory(job);
    expect(reading.synapses).toBeGreaterThan(0);
    expect(reading.builtBytes).toBeGreaterThanOrEqual(12 * reading.synapses);
    expect(reading.afterRunBytes).toBeGreaterThanOrEqual(reading.builtBytes);
    expect(spikingMemory(job)).toEqual(reading);
  });
});
