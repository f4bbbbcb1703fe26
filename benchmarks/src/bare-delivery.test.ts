import { describe, expect, it } from 'vitest';
import { recordRun, replayBare } from './bare-delivery.js';

describe('bare delivery replay', () => {
  const run = recordRun(400, 100, 3);

  it('keeps the spikes in time order', () => {
    expect(run.spikeNeuron.length).toBeGreaterThan(0);
    for (let s = 1; s < run.spikeTime.length; s++)
      expect(run.spikeTime[s]).toBeGreaterThanOrEqual(run.spikeTime[s - 1]!);
  });

  it('delivers exactly the synaptic events the simulator counted', () => {
    expect(run.events).toBeGreaterThan(1000);
    // The CSR table is rebuilt from the weight matrices: a lost or doubled synapse changes the count.
    expect(replayBare(run, new Float64Array(2 * run.neurons))).toBe(run.events);
  });

  it('gives each source the sign of its population', () => {
    expect(run.weight.subarray(0, 320).every((w) => w === 0.25 || w === 0)).toBe(true);
    expect(run.weight.subarray(320).every((w) => w === -2.25 || w === 0)).toBe(true);
  });
});
