import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { GeometricGaps } from './geometric.js';

describe('GeometricGaps', () => {
  it('inverts the geometric CDF: the gap is floor(log(1 − u) / log(1 − p)), table or tail', () => {
    const rng = new Rng(5);
    for (const p of [0.9, 0.3, 0.02, 1e-3, 1e-6]) {
      const gaps = new GeometricGaps(p);
      let checked = 0;
      const wrong: string[] = [];
      for (let draw = 0; draw < 20000; draw++) {
        // Uniforms near 1 reach the tail beyond the table; the rest fall anywhere in it.
        const u = draw % 10 === 0 ? 1 - rng.float() * 1e-3 : rng.float();
        const exact = Math.log1p(-u) / Math.log1p(-p);
        // Where the closed form lies within rounding of an integer either answer is right.
        if (Math.abs(exact - Math.round(exact)) < 1e-9 * Math.max(1, exact)) continue;
        if (gaps.gap(u) !== Math.floor(exact)) wrong.push(`p=${p} u=${u}: ${gaps.gap(u)}`);
        checked++;
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(19000);
    }
  });

  it('gives the geometric mean (1 − p) / p and P(gap = 0) = p', () => {
    const rng = new Rng(8);
    const p = 0.05;
    const gaps = new GeometricGaps(p);
    const n = 200000;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      const g = gaps.gap(rng.float());
      sum += g;
      if (g === 0) zeros++;
    }
    // Standard errors: sd(G)/√n = √(1 − p)/p/√n ≈ 0.044, and √(p(1 − p)/n) ≈ 4.9e-4; allow 5 of each.
    expect(Math.abs(sum / n - (1 - p) / p)).toBeLessThan(5 * (Math.sqrt(1 - p) / p / Math.sqrt(n)));
    expect(Math.abs(zeros / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });
});
