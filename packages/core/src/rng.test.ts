import { describe, expect, it } from 'vitest';
import { matrix } from './matrix.js';
import { hashSeed, Rng, rowHash } from './rng.js';

/** xoshiro128** written independently with BigInt arithmetic, from the published algorithm. */
function referenceXoshiro128ss(state: bigint[], count: number): number[] {
  const mask = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & mask;
  const s = [...state];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1]! * 5n) & mask, 7n) * 9n) & mask));
    const t = (s[1]! << 9n) & mask;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11n);
  }
  return out;
}

describe('Rng', () => {
  it('matches an independent xoshiro128** implementation', () => {
    const state: [number, number, number, number] = [0x12345678, 0x9abcdef0, 0xdeadbeef, 0x0badf00d];
    const r = Rng.fromState(state);
    const ours = Array.from({ length: 1000 }, () => r.nextUint32());
    expect(ours).toEqual(referenceXoshiro128ss(state.map(BigInt), 1000));
  });

  it('is reproducible from a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 20 }, () => r.float());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws uniform integers without bias and normals with the right moments', () => {
    const r = new Rng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.int(6)]++;
    // chi-square with 5 degrees of freedom: 20.5 is the 0.999 quantile
    const chi2 = counts.reduce((s, c) => s + (c - 10000) ** 2 / 10000, 0);
    expect(chi2).toBeLessThan(20.5);
    const xs = Array.from({ length: 40000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('forks independent, reproducible streams', () => {
    const a = new Rng(5).fork('x');
    const b = new Rng(5).fork('x');
    const c = new Rng(5).fork('y');
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(new Rng(5).fork('x').nextUint32()).not.toBe(c.nextUint32());
  });

  it('permutes every element exactly once', () => {
    const p = new Rng(3).permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('hashes seeds by content and type', () => {
    expect(hashSeed('a', 1)).toBe(hashSeed('a', 1));
    expect(hashSeed('a', 1)).not.toBe(hashSeed('a', '1'));
  });
});

describe('rowHash', () => {
  it('hashes a row by its values, not its position', () => {
    const m = matrix(3, 2, [0.5, 1, 0.25, 0, 0.5, 1]);
    expect(rowHash(m, 0)).toBe(rowHash(m, 2));
    expect(rowHash(m, 0)).not.toBe(rowHash(m, 1));
  });
});
