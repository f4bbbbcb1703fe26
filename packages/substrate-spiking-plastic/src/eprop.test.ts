import { describe, expect, it } from 'vitest';
import { plasticConfig } from './config.js';
import { pseudoDerivative } from './eligibility.js';
import { addEpropGradients, zeroGradients } from './eprop.js';
import { HIDDEN_NEURON } from './hidden-layer.js';
import type { PlasticWeights } from './weights.js';

describe('e-prop rate regulariser', () => {
  it('changes a synapse by c·(count − target)·Σ_k ψ(V_k)·x̄(t_k) when the output error is zero', () => {
    const c = 0.01;
    const config = plasticConfig({ hidden: 1, windowMs: 4, sampleMs: 1, rateRegularizer: c, targetCount: 1 });
    const perInput = (config.maxRateHz * config.windowMs) / 1000;
    const w: PlasticWeights = {
      inputs: 1,
      hidden: 1,
      outputs: 1,
      input: new Float64Array(1),
      clock: new Float64Array(1),
      readout: Float64Array.from([0.7]),
      readoutBias: new Float64Array(1),
    };
    // One input spike at 0.5 ms, no clock spike; a neuron that fired 4 times (3 above the target),
    // with planted potentials at t = 1..4 ms.
    const trains = {
      channels: Int32Array.from([0]),
      timesMs: Float64Array.from([0.5]),
      counts: Float64Array.from([1, 0]),
    };
    const potentials = Float64Array.from([-52, -49, -60, -70]);
    const run = { counts: Int32Array.from([4]), potentials, train: null, synapticEvents: 0 };
    const grads = zeroGradients(w);
    addEpropGradients({ trains, run, error: new Float64Array(1) }, w, null, config, grads);
    let eligibility = 0;
    potentials.forEach((v, k) => {
      eligibility +=
        pseudoDerivative(v, HIDDEN_NEURON, config.pseudoDerivativeGamma) *
        Math.exp(-(k + 0.5) / HIDDEN_NEURON.tauMs);
    });
    const expected = (c * (4 - 1) * eligibility) / perInput;
    expect(expected).toBeGreaterThan(0); // an over-active neuron's synapse is depressed
    expect(grads.input[0]).toBeCloseTo(expected, 15);
    expect(Math.abs(grads.input[0]! - expected)).toBeLessThanOrEqual(1e-12 * expected);
    expect(grads.clock[0]).toBe(0);
    expect(Array.from(grads.readout)).toEqual([0]);
    // At the target count the term vanishes.
    const atTarget = zeroGradients(w);
    const quiet = { ...run, counts: Int32Array.from([1]) };
    addEpropGradients({ trains, run: quiet, error: new Float64Array(1) }, w, null, config, atTarget);
    expect(atTarget.input[0]).toBe(0);
  });
});
