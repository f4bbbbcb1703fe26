import { matrix } from '@scrutable/core';
import { conformanceDataset } from '@scrutable/testkit';
import { describe, expect, it } from 'vitest';
import { PlasticSubstrate } from './plastic-substrate.js';
import { COUNTS_SITE, DRIVE_SITE } from './sites.js';

describe('spiking-plastic substrate', async () => {
  const dataset = conformanceDataset();
  const substrate = new PlasticSubstrate({ hidden: 12, epochs: 1 });
  await substrate.fit(dataset, { seed: 2 });
  const inputs = matrix(
    8,
    dataset.train.inputs.cols,
    dataset.test.inputs.data.subarray(0, 8 * dataset.test.inputs.cols),
  );
  const all = Array.from({ length: 12 }, (_, i) => i);

  it('reads as drive the weights times the spikes the input sends on average (window-scaled)', async () => {
    // Inputs of 1 on every channel send maxRateHz · T spikes on average, so the mean drive over many
    // seeds approaches Σ_i W_in[j, i] + b_in[j], the views' own units.
    const ones = matrix(1, dataset.train.inputs.cols, new Float32Array(dataset.train.inputs.cols).fill(1));
    const [wIn, bIn] = substrate.parameters();
    const w = wIn!.read();
    const b = bIn!.read();
    let mean = 0;
    const seeds = 200;
    for (let seed = 0; seed < seeds; seed++)
      mean += (await substrate.observe(ones, { seed, sites: [DRIVE_SITE] })).states[DRIVE_SITE]!.data[0]!;
    mean /= seeds;
    let expected = b[0]!;
    for (let i = 0; i < dataset.train.inputs.cols; i++) expected += w[i]!;
    const spread = Math.sqrt(
      w.slice(0, dataset.train.inputs.cols).reduce((s, v) => s + (v * v) / 10, 0) / seeds,
    );
    expect(Math.abs(mean - expected)).toBeLessThan(5 * spread + 1e-6);
  });

  it('drive added as current moves the simulated neurons: zero changes nothing, −1000 mV silences all', async () => {
    const addDrive = (mv: number) =>
      substrate.intervene(inputs, [{ kind: 'add', site: DRIVE_SITE, vector: new Float32Array(12).fill(mv) }]);
    const predicted = await substrate.predict(inputs);
    expect(Array.from((await addDrive(0)).data)).toEqual(Array.from(predicted.data));
    expect(Array.from((await addDrive(200)).data)).not.toEqual(Array.from(predicted.data));
    // −1000 mV over the window keeps every neuron far below threshold: the outputs of zero counts.
    const silenced = await substrate.intervene(inputs, { kind: 'ablate', site: COUNTS_SITE, units: all });
    expect(Array.from((await addDrive(-1000)).data)).toEqual(Array.from(silenced.data));
  });
});
