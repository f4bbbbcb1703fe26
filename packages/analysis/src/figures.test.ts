import { describe, expect, it } from 'vitest';
import { downsample } from './figures.js';

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
