import { accuracy, argmaxRow, type Matrix, takeRows } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { FOURIER_SITE, PLANTED_SITE, PlantedSubstrate } from './planted.js';
import { PlantedSpikingSubstrate, POOL_NEURONS } from './planted-spiking.js';

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
    // Binary units: a silent pool against one at 100 Hz, so 1 s of Poisson counts separates them at
    // half the pool's expected count.
    let agree = 0;
    values.data.forEach((v, k) => {
      if (v > 0.5 === counts.data[k]! > 50 * POOL_NEURONS) agree++;
    });
    expect(agree / values.data.length).toBeGreaterThan(0.999);
    expect((await spiking.observe(inputs, { windowMs: 1000 })).cost.simulatedMs).toBe(40 * 1000);
  });

  it('reads a continuous latent near its asymptote at 1 s: R² of its counts as Poisson pooling predicts, ≥ 0.98', async () => {
    const yinyang = generateTask('yinyang', { level: 1, seed: 1 });
    const glass = new PlantedSubstrate({ noiseUnits: 0 });
    const spiking = new PlantedSpikingSubstrate({ noiseUnits: 0 });
    await glass.fit(yinyang, { seed: 3 });
    await spiking.fit(yinyang, { seed: 3 });
    const train = (await glass.observe(yinyang.train.inputs)).states[PLANTED_SITE]!;
    const values = (await glass.observe(yinyang.test.inputs)).states[PLANTED_SITE]!;
    const counts = (await spiking.observe(yinyang.test.inputs, { windowMs: 1000 })).states[PLANTED_SITE]!;
    const column = (m: Matrix, j: number) =>
      Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + j]!);
    const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const j of [0, 1]) {
      // dist_left, dist_right: the rate rises over the training range, to 100 Hz per neuron at its top
      const trainValues = column(train, j);
      const lo = Math.min(...trainValues);
      const span = Math.max(...trainValues) - lo;
      const expected = column(values, j).map((v) => Math.max(0, (POOL_NEURONS * 100 * (v - lo)) / span));
      const observed = column(counts, j);
      const mE = meanOf(expected);
      const mO = meanOf(observed);
      const cov = meanOf(expected.map((e, i) => (e - mE) * (observed[i]! - mO)));
      const varE = meanOf(expected.map((e) => (e - mE) ** 2));
      const varO = meanOf(observed.map((o) => (o - mO) ** 2));
      const r2 = (cov * cov) / (varE * varO);
      // Poisson counts: the noise variance is the mean count, so R² = Var(λ) / (Var(λ) + E[λ]).
      const predicted = varE / (varE + mE);
      expect(Math.abs(r2 - predicted)).toBeLessThan(0.01);
      expect(r2).toBeGreaterThan(0.98);
    }
  });

  it('reads a clamp in counts as the latent those counts stand for, through the causal model', async () => {
    const spiking = new PlantedSpikingSubstrate({ noiseUnits: 2 });
    await spiking.fit(task, { seed: 2 });
    const width = spiking.units()[0]!.size;
    const low = new Float32Array(width - 2).fill(0); // silent: the bottom of every range
    const high = new Float32Array(width - 2).fill(100 * POOL_NEURONS);
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

  it('simulates the modadd Fourier stage: its counts stand for the products, and a clamp there sets the sum', async () => {
    const modadd = generateTask('modadd', { level: 1, seed: 2 });
    const some = takeRows(modadd.test.inputs, rows);
    const glass = new PlantedSubstrate({ noiseUnits: 0 });
    const spiking = new PlantedSpikingSubstrate({ noiseUnits: 0 });
    await glass.fit(modadd, { seed: 2 });
    await spiking.fit(modadd, { seed: 2 });
    const products = (await glass.observe(some)).states[FOURIER_SITE]!;
    const counts = (await spiking.observe(some, { windowMs: 1000 })).states[FOURIER_SITE]!;
    expect(counts.data.every(Number.isInteger)).toBe(true);
    // A product v in [-1, 1] fires each neuron of its pool at 50 (v + 1) Hz: 1 s of the pool's Poisson
    // counts lands within 5 SD of it.
    counts.data.forEach((c, k) => {
      const expected = POOL_NEURONS * 50 * (products.data[k]! + 1);
      expect(Math.abs(c - expected)).toBeLessThan(5 * Math.sqrt(Math.max(expected, 1)) + 1);
    });
    // Every example's stage clamped to row 0's counts: the sum read from the stage is row 0's.
    const units = Array.from({ length: counts.cols }, (_, i) => i);
    const clamped = await spiking.intervene(
      some,
      { kind: 'clamp', site: FOURIER_SITE, units, values: counts.data.slice(0, counts.cols) },
      { windowMs: 1000 },
    );
    const truth = await spiking.predict(some);
    const sumHead = modadd.heads.length - 1;
    const start = modadd.heads.slice(0, sumHead).reduce((n, h) => n + h.size, 0);
    const size = modadd.heads[sumHead]!.size;
    expect(rows.every((r) => argmaxRow(clamped, r, start, size) === argmaxRow(truth, 0, start, size))).toBe(
      true,
    );
  });
});
