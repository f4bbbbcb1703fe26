import { accuracy, type Dataset, matrix, Rng, type SelfCheck, type SelfCheckOptions } from '@scrutable/core';
import { plasticConfig } from './config.js';
import { presynapticTraces, pseudoDerivative } from './eligibility.js';
import { addEpropGradients, zeroGradients } from './eprop.js';
import { HIDDEN_NEURON, HiddenLayer } from './hidden-layer.js';
import type { InputTrains } from './input-trains.js';
import { PlasticSubstrate } from './plastic-substrate.js';
import type { PlasticWeights } from './weights.js';

const TAU = HIDDEN_NEURON.tauMs;

/** Planted input spikes (ms) of the trace check: a burst, a pair and a straggler. */
const PLANTED_MS = [2, 3.5, 4, 11, 12.25, 30];

const single = (timesMs: readonly number[], channels: number): InputTrains => ({
  channels: new Int32Array(timesMs.length),
  timesMs: Float64Array.from(timesMs),
  counts: Float64Array.from({ length: channels }, (_, i) => (i === 0 ? timesMs.length : 0)),
});

/**
 * The presynaptic eligibility trace against two independent computations, for a planted train: the
 * closed form Σ_{s ≤ t} e^{−(t − s)/τm}, and ∂V/∂w of a real simulated neuron held below threshold
 * (V − V_rest = w·x̄, so the potential difference between weights 2 and 1 mV is x̄).
 */
function traceCheck(): SelfCheck {
  const samples = 40;
  const trains = single(PLANTED_MS, 2);
  const traces = presynapticTraces(trains, 2, 1, samples, TAU);
  const potentials = [1, 2].map((w) => {
    const layer = new HiddenLayer(2, 1, Float64Array.from([w, 0]));
    return layer.run(trains, samples, null, 1, false).potentials!;
  });
  let closedError = 0;
  let simulatorError = 0;
  for (let k = 0; k < samples; k++) {
    const t = k + 1;
    const closed = PLANTED_MS.filter((s) => s <= t).reduce((sum, s) => sum + Math.exp(-(t - s) / TAU), 0);
    closedError = Math.max(closedError, Math.abs(traces[k * 2]! - closed));
    simulatorError = Math.max(
      simulatorError,
      Math.abs(traces[k * 2]! - (potentials[1]![k]! - potentials[0]![k]!)),
    );
  }
  return {
    name: 'eligibility trace: closed form and the simulator’s ∂V/∂w for a planted spike train',
    passed: closedError < 1e-9 && simulatorError < 1e-9,
    observed: { maxErrorClosedForm: closedError, maxErrorSimulator: simulatorError, samples },
    expected: 'both errors < 1e-9',
  };
}

/**
 * One weight change on two neurons, computed by hand: one input spike at 0.5 ms with a jump J = 12 mV
 * into a silent neuron (V_k = V_rest + J·e^{−(k − 0.5)/τm} at k = 1..W ms, never reaching threshold),
 * a readout weight 1 to one binary output with target 1 and logit 0 (error σ(0) − 1 = −0.5), symmetric
 * feedback. The input weight's change must be −0.5·Σ_k ψ(V_k)·e^{−(k − 0.5)/τm} / (spikes per unit
 * input): negative (the gradient), i.e. the rule potentiates the synapse that would raise the output.
 */
function handUpdateCheck(): SelfCheck {
  const config = plasticConfig({ hidden: 1, feedback: 'symmetric', rateRegularizer: 0 });
  const perInput = (config.maxRateHz * config.windowMs) / 1000;
  const jump = 12;
  const w: PlasticWeights = {
    inputs: 1,
    hidden: 1,
    outputs: 1,
    input: Float64Array.from([jump * perInput]),
    clock: new Float64Array(1),
    readout: Float64Array.from([1]),
    readoutBias: new Float64Array(1),
  };
  const trains = single([0.5], 2);
  const run = new HiddenLayer(2, 1, Float64Array.from([jump, 0])).run(
    trains,
    config.windowMs,
    null,
    1,
    false,
  );
  const grads = zeroGradients(w);
  addEpropGradients({ trains, run, error: Float64Array.from([-0.5]) }, w, null, config, grads);
  let sum = 0;
  for (let k = 1; k <= config.windowMs; k++) {
    const trace = Math.exp(-(k - 0.5) / TAU);
    sum +=
      pseudoDerivative(HIDDEN_NEURON.restMv + jump * trace, HIDDEN_NEURON, config.pseudoDerivativeGamma) *
      trace;
  }
  const expected = (-0.5 * sum) / perInput;
  const observed = grads.input[0]!;
  return {
    name: 'e-prop weight change on two neurons against a hand computation',
    passed:
      run.counts[0] === 0 && expected < 0 && Math.abs(observed - expected) <= 1e-12 * Math.abs(expected),
    observed: {
      inputWeightGradient: observed,
      readoutGradient: grads.readout[0],
      hiddenSpikes: run.counts[0],
    },
    expected: { inputWeightGradient: expected, readoutGradient: 0, sign: 'negative (potentiation)' },
  };
}

/**
 * A planted, linearly separable task: two classes whose inputs are high on one half of the channels
 * and low on the other (values jittered). Trained by e-prop, the network must reach 90% test accuracy
 * and its training loss must fall.
 */
async function learningCheck(seed: number, quick: boolean): Promise<SelfCheck> {
  const rng = new Rng(seed);
  const width = 10;
  const split = (rows: number) => {
    const inputs = matrix(rows, width);
    const targets = matrix(rows, 2);
    for (let r = 0; r < rows; r++) {
      const c = r % 2;
      targets.data[r * 2 + c] = 1;
      for (let i = 0; i < width; i++)
        inputs.data[r * width + i] = (i < width / 2 === (c === 0) ? 0.7 : 0.1) + rng.uniform(-0.1, 0.1);
    }
    return { inputs, targets };
  };
  const dataset: Dataset = {
    name: 'planted-separable',
    inputNames: Array.from({ length: width }, (_, i) => `x${i}`),
    heads: [{ name: 'class', kind: 'class', size: 2 }],
    train: split(80),
    test: split(60),
  };
  const epochs = quick ? 4 : 8;
  const substrate = new PlasticSubstrate({ hidden: 16, epochs });
  const report = await substrate.fit(dataset, { seed });
  const testAccuracy = accuracy(
    await substrate.predict(dataset.test.inputs),
    dataset.test.targets,
    dataset.heads,
  );
  const losses = String(report.details?.trainLoss).split(' ').map(Number);
  const first = losses[0]!;
  const last = losses[losses.length - 1]!;
  return {
    name: 'e-prop learns a planted linearly separable task',
    passed: testAccuracy >= 0.9 && last < first,
    observed: { testAccuracy, trainLossFirstEpoch: first, trainLossLastEpoch: last, epochs },
    expected: 'test accuracy >= 0.9 and the training loss falls',
  };
}

/** The package's self-checks (`scrutable validate spiking-plastic`). */
export async function plasticChecks(options: SelfCheckOptions = {}): Promise<SelfCheck[]> {
  const checks = [traceCheck(), handUpdateCheck()];
  options.signal?.throwIfAborted();
  checks.push(await learningCheck(options.seed ?? 0, options.quick === true));
  return checks;
}
