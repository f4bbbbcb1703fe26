import { accuracy, argmaxRow, type Matrix, takeRows } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { PLANTED_SITE, PlantedSubstrate } from './planted.js';
import { PlantedSpikingSubstrate } from './planted-spiking.js';

describe('planted-spiking', () => {
  const task = generateTask('boolean', { level: 2, seed: 1 });
  const rows = Array.from({ length: 40 }, (_, i) => i);
  const inputs = takeRows(task.test.inputs, rows);

  it('fires each latent unit at the rate its value sets: counts over 1 s recover the latent', async () => {
    const glass = new PlantedSubstrate({ noiseUnits: 0 });
    const spiking = new PlantedSpikingSubstrate({ noiseUnits: 0 });
    await glass.fit(task, { seed: 2 });
    await spiking.fit(task, { seed: 2 });
    const values = (await glass.observe(inputs)).states[PLANTED_SITE]!;
    const counts = (await spiking.observe(inputs, { windowMs: 1000 })).states[PLANTED_SITE]!;
    // Binary units: silent against 100 Hz, so 1 s of Poisson counts separates them at 50 spikes.
    let agree = 0;
    values.data.forEach((v, k) => {
      if (v > 0.5 === counts.data[k]! > 50) agree++;
    });
    expect(agree / values.data.length).toBeGreaterThan(0.999);
    expect((await spiking.observe(inputs, { windowMs: 1000 })).cost.simulatedMs).toBe(40 * 1000);
  });

  it('reads a clamp in counts as the latent those counts stand for, through the causal model', async () => {
    const spiking = new PlantedSpikingSubstrate({ noiseUnits: 2 });
    await spiking.fit(task, { seed: 2 });
    const width = spiking.units()[0]!.size;
    const low = new Float32Array(width - 2).fill(0); // silent: the bottom of every range
    const high = new Float32Array(width - 2).fill(100);
    const units = Array.from({ length: width - 2 }, (_, i) => i);
    const atLow = await spiking.intervene(
      inputs,
      { kind: 'clamp', site: PLANTED_SITE, units, values: low },
      { windowMs: 1000 },
    );
    const atHigh = await spiking.intervene(
      inputs,
      { kind: 'clamp', site: PLANTED_SITE, units, values: high },
      { windowMs: 1000 },
    );
    // Every latent forced to one value: the ground truth then gives one output for every example.
    const sameRows = (m: Matrix) =>
      rows.every((r) => argmaxRow(m, r, 0, m.cols) === argmaxRow(m, 0, 0, m.cols));
    expect(sameRows(atLow) && sameRows(atHigh)).toBe(true);
    expect(accuracy(await spiking.predict(inputs), takeRows(task.test.targets, rows), task.heads)).toBe(1);
  });
});
