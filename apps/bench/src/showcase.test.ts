import { describe, expect, it } from 'vitest';
import { downsample, gatherShowcase, rawFigure } from './showcase.js';

describe('downsample', () => {
  it('keeps a small matrix as it is', () => {
    const values = Float32Array.from({ length: 6 }, (_, i) => i - 2.5);
    expect(downsample(values, 2, 3)).toEqual({ rows: 2, cols: 3, values: Array.from(values) });
  });

  it('averages equal blocks, matching a brute-force block mean', () => {
    const rows = 64;
    const cols = 96;
    const values = Float32Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 0.37) * ((k % 7) - 3));
    const out = downsample(values, rows, cols, 32);
    expect([out.rows, out.cols]).toEqual([32, 32]);
    for (const [r, c] of [
      [0, 0],
      [5, 17],
      [31, 31],
    ] as const) {
      let sum = 0;
      for (let i = 2 * r; i < 2 * r + 2; i++)
        for (let j = 3 * c; j < 3 * c + 3; j++) sum += values[i * cols + j]!;
      expect(out.values[r * 32 + c]).toBeCloseTo(sum / 6, 5);
    }
  });
});

describe('rawFigure', () => {
  it('finds a figure under a flat dotted key, a nested path or a mix', () => {
    const spectrum = [0.5, 0.25];
    expect(rawFigure({ 'mechanism.fourier': { spectrum } }, 'mechanism.fourier.spectrum')).toBe(spectrum);
    expect(rawFigure({ mechanism: { fourier: { spectrum } } }, 'mechanism.fourier.spectrum')).toBe(spectrum);
    expect(rawFigure({ 'mechanism.fourier.spectrum': spectrum }, 'mechanism.fourier.spectrum')).toBe(
      spectrum,
    );
    expect(rawFigure({ 'mechanism.iia': 1 }, 'mechanism.fourier.spectrum')).toBeUndefined();
    expect(rawFigure(undefined, 'a')).toBeUndefined();
  });
});

describe('gatherShowcase', () => {
  it('collects every gridworld and spectrum, one rule text per substrate and task, and prefers dense weights', () => {
    const weights = (name: string) => ({ name, rows: 1, cols: 2, values: [1, 2] });
    const gathered = gatherShowcase([
      {
        substrate: 'a',
        task: 'gridworld',
        level: 1,
        seed: 0,
        showcase: { gridworld: { beforeSvg: '<svg/>' } },
      },
      {
        substrate: 'b',
        task: 'modadd',
        level: 1,
        seed: 0,
        showcase: { fourier: [1], weights: weights('w-b') },
      },
      {
        substrate: 'dense',
        task: 'modadd',
        level: 1,
        seed: 0,
        showcase: { fourier: [0.5, 0.5], weights: weights('w-d') },
      },
      { substrate: 'sym', task: 'boolean', level: 1, seed: 0, showcase: { rules: 'r1' } },
      { substrate: 'sym', task: 'boolean', level: 2, seed: 0, showcase: { rules: 'r2' } },
      { substrate: 'c', task: 'boolean', level: 1, seed: 0 },
    ]);
    expect(gathered.gridworld?.map((g) => g.substrate)).toEqual(['a']);
    expect(gathered.fourier?.map((f) => f.substrate)).toEqual(['b', 'dense']);
    expect(gathered.rules?.map((r) => r.text)).toEqual(['r1']);
    expect(gathered.weights?.name).toBe('w-d');
    expect(gathered.raster).toBeUndefined();
  });
});
