import { matrix, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { randomRotation, rotateStates } from './rotation.js';
import { SiteProbe } from './site-probe.js';
import { latentTarget } from './targets.js';

/**
 * A ReLU-like site: units of very unequal scale, a quarter of them dead (constant 0), and a binary
 * continuous latent read along a direction mixing the live units, plus noise.
 */
function reluSite(rows: number, units: number, seed: number) {
  const rng = new Rng(seed);
  const scales = Array.from({ length: units }, (_, j) => (j % 4 === 0 ? 0 : 0.2 + 3 * rng.float()));
  const data = Float32Array.from({ length: rows * units }, (_, k) =>
    Math.max(0, rng.normal(0.3, 1) * scales[k % units]!),
  );
  const w = Array.from({ length: units }, () => rng.normal());
  const latent = Float32Array.from({ length: rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < units; j++) s += w[j]! * data[i * units + j]!;
    return s + rng.normal(0, 3);
  });
  return { states: matrix(rows, units, data), latent };
}

function probeBoth(basis: 'space' | 'features') {
  const { states, latent } = reluSite(400, 24, 7);
  const q = randomRotation(24, new Rng(8));
  const split = (m: typeof states) => ({
    train: matrix(300, 24, m.data.slice(0, 300 * 24)),
    test: matrix(100, 24, m.data.slice(300 * 24)),
  });
  const rows = Array.from({ length: 300 }, (_, i) => i);
  const target = latentTarget('y', 'continuous', undefined, latent.slice(0, 300), latent.slice(300));
  const score = (m: typeof states) => {
    const { train, test } = split(m);
    return new SiteProbe(train, test, rows.slice(0, 225), rows.slice(225), basis).evaluate(target);
  };
  return { plain: score(states), rotated: score(rotateStates(states, q)) };
}

describe('a probe over a whole site', () => {
  it('reads the same from any orthonormal basis of the site (a rotation changes no score)', () => {
    const { plain, rotated } = probeBoth('space');
    expect(plain.test).toBeGreaterThan(0.3);
    expect(rotated.test).toBeCloseTo(plain.test, 6);
    expect(rotated.validation).toBeCloseTo(plain.validation, 6);
    expect(rotated.lambda).toBe(plain.lambda);
  });

  it('standardising each unit on its own (the raw-input probe) depends on the basis', () => {
    // Why sites are not probed this way: the rotated copy of the same states scores differently.
    const { plain, rotated } = probeBoth('features');
    const moved = Math.abs(plain.test - rotated.test) + Math.abs(plain.validation - rotated.validation);
    expect(moved).toBeGreaterThan(1e-3);
  });
});
