import { matrix, Rng } from '@scrutable/core';
import { fourierBasis } from '@scrutable/tasks';
import { Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { keyCovariance, romeKeyDirection } from './edit.js';
import { countDetectors } from './localize.js';
import { directionInterchange, unitSpectrum } from './mechanism.js';
import { readingAgreement } from './observe.js';

describe('Fourier spectrum of a unit', () => {
  const p = 11;
  const basis = fourierBasis(p);
  const table = (f: (a: number, b: number) => number) =>
    Float64Array.from({ length: p * p }, (_, cell) => f(Math.floor(cell / p), cell % p));

  it('puts all the power of cos(2πk(a+b)/p) in frequency k', () => {
    const s = unitSpectrum(
      table((a, b) => Math.cos((2 * Math.PI * 3 * (a + b)) / p)),
      basis,
      p,
    );
    expect(s.byFrequency[2]! / s.total).toBeCloseTo(1, 9);
  });

  it('splits power between frequencies as the squared amplitudes say', () => {
    // cos(2π·1·a/p) + 2 sin(2π·4·b/p): powers in the ratio 1 : 4 (each term's squared norm × amplitude²).
    const s = unitSpectrum(
      table((a, b) => Math.cos((2 * Math.PI * a) / p) + 2 * Math.sin((2 * Math.PI * 4 * b) / p)),
      basis,
      p,
    );
    expect(s.byFrequency[0]! / s.total).toBeCloseTo(0.2, 9);
    expect(s.byFrequency[3]! / s.total).toBeCloseTo(0.8, 9);
  });

  it('spreads noise over the frequencies (no single frequency dominates)', () => {
    const rng = new Rng(1);
    const s = unitSpectrum(
      table(() => rng.normal()),
      basis,
      p,
    );
    expect(Math.max(...s.byFrequency) / s.total).toBeLessThan(0.3);
  });
});

describe('unit detectors', () => {
  it('counts a unit equal to a concept as its detector and noise as none', () => {
    const rng = new Rng(2);
    const n = 300;
    const values = Float32Array.from({ length: n }, () => rng.int(3));
    const planted = matrix(
      n,
      2,
      Float32Array.from({ length: 2 * n }, (_, k) =>
        k % 2 === 0 ? (values[k >> 1] === 1 ? 1 : 0) : rng.normal(),
      ),
    );
    const noise = matrix(
      n,
      2,
      Float32Array.from({ length: 2 * n }, () => rng.normal()),
    );
    const latents = [{ name: 'shape', kind: 'categorical', values }];
    const withUnit = countDetectors({ s: planted }, latents).concepts;
    expect(withUnit.find((c) => c.concept === 'shape=1')!.detectors).toBe(1);
    expect(withUnit.find((c) => c.concept === 'shape=1')!.bestIoU).toBe(1);
    expect(countDetectors({ s: noise }, latents).concepts.every((c) => c.detectors === 0)).toBe(true);
  });
});

describe('reading agreement', () => {
  it('is 1 for identical readings and 1 − σ²/(2v + σ²) for readings with added noise', () => {
    const rng = new Rng(3);
    const n = 20000;
    const base = matrix(
      n,
      1,
      Float32Array.from({ length: n }, () => rng.normal(0, 2)),
    );
    expect(readingAgreement(base, base)).toBe(1);
    const noisy = matrix(
      n,
      1,
      base.data.map((x) => x + rng.normal(0, 1)),
    );
    // v = 4, σ² = 1: E[(x₁ − x₂)²] = 1, Var x₁ + Var x₂ = 4 + 5.
    expect(readingAgreement(base, noisy)).toBeCloseTo(1 - 1 / 9, 2);
  });

  it('leaves out units that read the same constant every time, scores a constant that changes 0', () => {
    // Unit 0 varies and is read identically (1); unit 1 is silent in both readings (left out);
    // unit 2 is constant within each reading but differs between them (0).
    const first = matrix(3, 3, Float32Array.of(1, 0, 5, 2, 0, 5, 3, 0, 5));
    const second = matrix(3, 3, Float32Array.of(1, 0, 6, 2, 0, 6, 3, 0, 6));
    expect(readingAgreement(first, second)).toBeCloseTo((1 + 0) / 2, 12);
    const silent = matrix(2, 1, Float32Array.of(0, 0));
    expect(readingAgreement(silent, silent)).toBeNaN();
  });
});

describe('ROME key direction', () => {
  it('gives ΔW k* = u exactly and leaves keys C-orthogonal to k* unchanged', () => {
    const rng = new Rng(4);
    const keys = matrix(
      50,
      4,
      Float32Array.from({ length: 200 }, () => rng.normal()),
    );
    const c = keyCovariance(keys);
    const k = Float64Array.from({ length: 4 }, () => rng.normal());
    const v = romeKeyDirection(c, k);
    expect(v.reduce((s, x, i) => s + x * k[i]!, 0)).toBeCloseTo(1, 5);
    // A key j with kᵀ C⁻¹ j = 0 is j = C q for q ⟂ k: then v·j = 0.
    const q = MlMatrix.columnVector([k[1]!, -k[0]!, 0, 0]);
    const j = c.mmul(q).getColumn(0);
    expect(v.reduce((s, x, i) => s + x * j[i]!, 0)).toBeCloseTo(0, 4);
  });
});

describe('direction interchange', () => {
  it('moves only the reading along w to the source value', () => {
    const states = matrix(2, 3, Float32Array.of(1, 2, 3, 5, -1, 0));
    const w = Float64Array.of(0, 2, 0);
    const out = directionInterchange(states, [1, 0], w);
    // Row 0 takes unit 1 from row 1 and keeps the rest; row 1 takes unit 1 from row 0.
    expect(Array.from(out)).toEqual([1, -1, 3, 5, 2, 0]);
  });
});
