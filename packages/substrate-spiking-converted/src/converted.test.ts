import { generateTask } from '@scrutable/tasks';
import { conformanceDataset } from '@scrutable/testkit';
import { describe, expect, it } from 'vitest';
import { agreementCurve } from './agreement.js';
import type { ConvertedSubstrate } from './converted-substrate.js';
import { convertedFactory } from './factory.js';
import { reluMlpFactory } from './relu-mlp.fixture.js';

const WINDOW_MS = 300;

async function converted(
  hidden: number[],
  activation: 'relu' | 'tanh' = 'relu',
): Promise<ConvertedSubstrate> {
  const s = convertedFactory(reluMlpFactory(hidden, activation)).create({ config: { windowMs: WINDOW_MS } });
  await s.fit(conformanceDataset(), { seed: 2 });
  return s as ConvertedSubstrate;
}

describe('spiking-converted', () => {
  it('is refused up front without a source factory to convert', () => {
    expect(() => convertedFactory().create()).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });

  it('refuses a source whose hidden units are not the ReLU of its pre-activations', async () => {
    await expect(converted([8], 'tanh')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('fires ⌊drive⌋ spikes in the first layer (constant current into an integrate-and-fire neuron)', async () => {
    const s = await converted([16]);
    const { states } = await s.observe(conformanceDataset().test.inputs);
    const drive = states['h0.drive']!.data;
    const counts = states['h0.counts']!.data;
    let exact = 0;
    drive.forEach((d, k) => {
      const expected = Math.max(0, Math.floor(d));
      expect(Math.abs(counts[k]! - expected)).toBeLessThanOrEqual(1); // a crossing at the window's edge
      if (counts[k] === expected) exact++;
    });
    expect(exact / drive.length).toBeGreaterThan(0.99);
  });

  it('fires at least ⌊drive⌋ spikes in a later layer (subtraction keeps every unit of charge received)', async () => {
    // n(T) = ⌊max over t ≤ T of the charge received by t⌋: at least ⌊drive⌋, more when inhibition
    // arrives after the unit has fired on earlier excitation (the conversion's known overshoot).
    const s = await converted([12, 10]);
    const { states } = await s.observe(conformanceDataset().test.inputs);
    states['h1.counts']!.data.forEach((c, k) => {
      const floor = Math.max(0, Math.floor(states['h1.drive']!.data[k]!));
      expect(c).toBeGreaterThanOrEqual(floor - 1); // a crossing at the window's edge
    });
  });

  it('counts a synaptic event per readout synapse a spike of the last layer reaches, on top of the simulated ones', async () => {
    // one hidden layer: the input is a current and nothing between layers is simulated, so every event
    // is a spike of h0 reaching a readout unit through a nonzero weight
    const s = await converted([16]);
    const { states, cost } = await s.observe(conformanceDataset().test.inputs);
    const readout = s.parameters().find((p) => p.name === 'W1')!;
    const weights = readout.read();
    let expected = 0;
    const counts = states['h0.counts']!;
    for (let r = 0; r < counts.rows; r++)
      for (let u = 0; u < counts.cols; u++)
        for (let o = 0; o < readout.rows; o++)
          if (weights[o * readout.cols + u] !== 0) expected += counts.data[r * counts.cols + u]!;
    expect(expected).toBeGreaterThan(0);
    expect(cost.synapticEvents).toBe(expected);
  });

  it('agrees with its source on every example at 1000 ms, through two spiking layers', async () => {
    const data = generateTask('boolean', { level: 2, seed: 1 });
    const factory = reluMlpFactory([24, 16]);
    const source = factory.create();
    await source.fit(data, { seed: 5 });
    const s = convertedFactory(factory).create() as ConvertedSubstrate;
    await s.convertFitted(source, data);
    const curve = agreementCurve(s, data.test.inputs, await source.predict(data.test.inputs), [10, 1000]);
    expect(curve[1]!.agreement).toBeGreaterThanOrEqual(0.99);
    expect(curve[0]!.agreement).toBeLessThanOrEqual(curve[1]!.agreement);
  });

  it('reads the readout as W·counts + T·b: clamping the last layer to counts c gives exactly those outputs', async () => {
    const s = await converted([10]);
    const inputs = conformanceDataset().test.inputs;
    const { states } = await s.observe(inputs);
    const units = Array.from({ length: 10 }, (_, i) => i);
    // Identity clamp: each example's own counts.
    const identity = await s.intervene(inputs, {
      kind: 'clamp',
      site: 'h0.counts',
      units,
      values: states['h0.counts']!.data,
    });
    expect(Array.from(identity.data)).toEqual(Array.from((await s.predict(inputs)).data));
    // Counts 0..9 for every example: the readout computed here from the parameter views.
    const values = Float32Array.from(units, (i) => i);
    const clamped = await s.intervene(inputs, { kind: 'clamp', site: 'h0.counts', units, values });
    const w = s.parameters().find((v) => v.name === 'W1')!;
    const b = s.parameters().find((v) => v.name === 'b1')!;
    const drive = Float32Array.from({ length: w.rows }, (_, i) => {
      let sum = WINDOW_MS * b.read()[i]!;
      for (let j = 0; j < w.cols; j++) sum += w.read()[i * w.cols + j]! * values[j]!;
      return sum;
    });
    const { states: readout } = await s.observe(inputs, { sites: ['out.drive'] });
    const forced = { ...readout['out.drive']!, data: new Float32Array(readout['out.drive']!.data.length) };
    for (let e = 0; e < inputs.rows; e++) forced.data.set(drive, e * w.rows);
    expect(Array.from(clamped.data)).toEqual(Array.from(s.outputs(forced, WINDOW_MS).data));
  });
});
