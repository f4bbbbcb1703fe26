import { argmaxRow, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../registry.js';
import { yinYangClass } from './yinyang.js';

describe('yinyang', () => {
  it('gives the dots and each half the area the figure gives them (Monte Carlo, 4 sd)', () => {
    // Areas in the big circle of radius 0.5: dots 2·π·0.1², yin and yang the rest, split evenly.
    const rng = new Rng(1);
    const counts = [0, 0, 0];
    let inside = 0;
    while (inside < 40_000) {
      const [x, y] = [rng.float(), rng.float()];
      if (Math.hypot(x - 0.5, y - 0.5) > 0.5) continue;
      inside++;
      counts[yinYangClass(Math.hypot(x - 0.25, y - 0.5), Math.hypot(x - 0.75, y - 0.5), y, 0.1)]!++;
    }
    const dot = (2 * Math.PI * 0.01) / (Math.PI * 0.25);
    const expected = [(1 - dot) / 2, (1 - dot) / 2, dot];
    expected.forEach((p, c) => {
      expect(Math.abs(counts[c]! / inside - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / inside));
    });
  });

  it('keeps the published inputs (x, y, 1 - x, 1 - y) at level 1 and balanced classes', () => {
    const task = generateTask('yinyang', { level: 1, seed: 0 });
    const { inputs, targets } = task.train;
    const perClass = [0, 0, 0];
    for (let i = 0; i < inputs.rows; i++) {
      const [x, y, xf, yf] = inputs.data.subarray(i * 4, i * 4 + 4);
      expect(x! + xf!).toBeCloseTo(1, 5);
      expect(y! + yf!).toBeCloseTo(1, 5);
      perClass[argmaxRow(targets, i)]!++;
    }
    for (const n of perClass) expect(Math.abs(n - inputs.rows / 3)).toBeLessThan(inputs.rows * 0.08);
  });

  it('recovers the plane through the embedding at higher levels, where each input mixes coordinates', () => {
    const task = generateTask('yinyang', { level: 3, seed: 4 });
    if (task.structure.domain !== 'yinyang') throw new Error('not a yinyang task');
    const { embedding, dotRadius } = task.structure;
    const { inputs, latents } = task.test;
    const w = inputs.cols;
    for (let i = 0; i < inputs.rows; i++) {
      let [x, y] = [0, 0];
      for (let r = 0; r < w; r++) {
        x += embedding[r * 4]! * inputs.data[i * w + r]!;
        y += embedding[r * 4 + 1]! * inputs.data[i * w + r]!;
      }
      expect(Math.hypot(x - 0.5, y - 0.5)).toBeLessThanOrEqual(0.5 + 1e-5);
      expect(latents[0]!.values[i]).toBeCloseTo(Math.hypot(x - 0.25, y - 0.5), 4);
      expect(latents[2]!.values[i]).toBe(
        yinYangClass(latents[0]!.values[i]!, latents[1]!.values[i]!, y, dotRadius),
      );
    }
  });

  it('is not solved by a linear readout (Kriener et al. 2021 report about 64%)', () => {
    for (const level of [1, 2, 3]) expect(generateTask('yinyang', { level, seed: 0 }).trivial).toBe(false);
  });
});
