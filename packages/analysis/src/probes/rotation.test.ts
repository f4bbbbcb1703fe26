import { fromRows, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { randomRotation, rotateStates } from './rotation.js';

describe('random rotations', () => {
  it('draws an orthogonal matrix: Q·Qᵀ = I, checked entry by entry', () => {
    const n = 12;
    const q = randomRotation(n, new Rng(4));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += q[i * n + k]! * q[j * n + k]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
  });

  it('is reproducible from the seed and differs between seeds', () => {
    expect(randomRotation(5, new Rng(1))).toEqual(randomRotation(5, new Rng(1)));
    expect(randomRotation(5, new Rng(1))).not.toEqual(randomRotation(5, new Rng(2)));
  });

  it('rotates each row by Q, keeping its length, and a 2-D quarter turn as written by hand', () => {
    const turn = Float64Array.of(0, -1, 1, 0);
    const states = fromRows([
      [1, 0],
      [3, 4],
    ]);
    expect(Array.from(rotateStates(states, turn).data)).toEqual([0, 1, -4, 3]);
    const n = 6;
    const q = randomRotation(n, new Rng(9));
    const rng = new Rng(3);
    const m = fromRows(Array.from({ length: 4 }, () => Array.from({ length: n }, () => rng.normal())));
    const r = rotateStates(m, q);
    for (let i = 0; i < m.rows; i++) {
      const norm = (x: Float32Array) => Math.hypot(...x.subarray(i * n, (i + 1) * n));
      expect(norm(r.data)).toBeCloseTo(norm(m.data), 5);
    }
  });
});
