import { headActivations, isScrutableError, type Matrix, matrix, maxAbsDiff, Rng } from '@scrutable/core';
import denseFactory from '@scrutable/substrate-dense';
import { generateTask } from '@scrutable/tasks';
import { conformanceDataset, referenceFactory } from '@scrutable/testkit';
import { describe, expect, it } from 'vitest';
import { multiply, randomOrthogonal, transpose } from './orthogonal.js';
import { ScrambledSubstrate, scrambledFactory } from './scrambled.js';

const data = conformanceDataset(3);
const inputs = data.test.inputs;

async function pair() {
  const plain = referenceFactory.create({ config: { hidden: 12 } });
  await plain.fit(data, { seed: 4 });
  const scrambled = new ScrambledSubstrate(referenceFactory, { hidden: 12 });
  await scrambled.fit(data, { seed: 4 });
  return { plain, scrambled };
}

/** W' (view of the scrambled net) times rotated states, by hand: the logits the outputs must follow. */
function logitsFrom(w: Float32Array, outputs: number, z: Matrix): Matrix {
  return multiply(z, transpose(matrix(outputs, z.cols, w)));
}

describe('randomOrthogonal', () => {
  it('is orthogonal and reproducible from its seed', () => {
    const q = randomOrthogonal(20, 5);
    const eye = multiply(q, transpose(q));
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 20; j++) expect(eye.data[i * 20 + j]).toBeCloseTo(i === j ? 1 : 0, 5);
    expect(randomOrthogonal(20, 5).data).toEqual(q.data);
    expect(randomOrthogonal(20, 6).data).not.toEqual(q.data);
  });
});

describe('scrambled control', () => {
  it('computes the same function as the plain net, with rotated hidden states of equal geometry', async () => {
    const { plain, scrambled } = await pair();
    expect(maxAbsDiff(await scrambled.predict(inputs), await plain.predict(inputs))).toBe(0);
    const h = (await plain.observe(inputs, { sites: ['hidden'] })).states['hidden']!;
    const z = (await scrambled.observe(inputs, { sites: ['hidden'] })).states['hidden']!;
    // an orthogonal change of basis keeps every inner product between examples: Z Zᵀ = H Hᵀ
    expect(maxAbsDiff(multiply(z, transpose(z)), multiply(h, transpose(h)))).toBeLessThan(1e-4);
    // ...but not the units themselves
    expect(maxAbsDiff(z, h)).toBeGreaterThan(0.1);
    // the output site is not rotated
    const logits = (await scrambled.observe(inputs, { sites: ['out.pre'] })).states['out.pre']!;
    expect(maxAbsDiff(logits, (await plain.observe(inputs, { sites: ['out.pre'] })).states['out.pre']!)).toBe(
      0,
    );
  });

  it('exposes parameter views that reproduce the computation in the rotated basis', async () => {
    const { scrambled } = await pair();
    const z = (await scrambled.observe(inputs, { sites: ['hidden'] })).states['hidden']!;
    const w1 = scrambled.parameters().find((v) => v.name === 'W1')!;
    const logits = (await scrambled.observe(inputs, { sites: ['out.pre'] })).states['out.pre']!;
    expect(maxAbsDiff(logitsFrom(w1.read(), w1.rows, z), logits)).toBeLessThan(1e-4);
  });

  it('ablates and clamps rotated units as the rotated-basis computation says', async () => {
    const { scrambled } = await pair();
    const z = (await scrambled.observe(inputs, { sites: ['hidden'] })).states['hidden']!;
    const w1 = scrambled.parameters().find((v) => v.name === 'W1')!;
    // ablate rotated unit 3, clamp rotated unit 7 to 0.5: by hand on Z, then W1'·z and the head nonlinearity
    const edited = matrix(z.rows, z.cols, z.data.slice());
    for (let r = 0; r < z.rows; r++) {
      edited.data[r * z.cols + 3] = 0;
      edited.data[r * z.cols + 7] = 0.5;
    }
    const expected = headActivations(logitsFrom(w1.read(), w1.rows, edited), data.heads);
    const got = await scrambled.intervene(inputs, [
      { kind: 'ablate', site: 'hidden', units: [3] },
      { kind: 'clamp', site: 'hidden', units: [7], values: Float32Array.of(0.5) },
    ]);
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-4);
    // adding v in the rotated basis moves the logits by W1'·v
    const v = Float32Array.from({ length: 12 }, (_, i) => (i % 3) - 1);
    const shifted = matrix(
      z.rows,
      z.cols,
      z.data.map((x, k) => x + 0.7 * v[k % 12]!),
    );
    const added = await scrambled.intervene(inputs, { kind: 'add', site: 'hidden', vector: v, scale: 0.7 });
    expect(
      maxAbsDiff(added, headActivations(logitsFrom(w1.read(), w1.rows, shifted), data.heads)),
    ).toBeLessThan(1e-4);
  });

  it('writes edits in the rotated basis back so W1 + Δ is what runs', async () => {
    const { scrambled } = await pair();
    const z = (await scrambled.observe(inputs, { sites: ['hidden'] })).states['hidden']!;
    const w1 = scrambled.parameters().find((v) => v.name === 'W1')!;
    const rng = new Rng(8);
    const u = Float32Array.from({ length: w1.rows }, () => rng.normal());
    const v = Float32Array.from({ length: w1.cols }, () => rng.normal());
    const before = w1.read();
    scrambled.applyEdit({ name: 'W1', u, v });
    const after = before.map((x, k) => x + u[Math.floor(k / w1.cols)]! * v[k % w1.cols]!);
    expect(maxAbsDiff(matrix(1, after.length, w1.read()), matrix(1, after.length, after))).toBeLessThan(1e-4);
    const expected = headActivations(logitsFrom(after, w1.rows, z), data.heads);
    expect(maxAbsDiff(await scrambled.predict(inputs), expected)).toBeLessThan(1e-4);
  });

  it('refuses an ablation at one rotated site combined with one at another', async () => {
    const { scrambled } = await pair();
    await expect(
      scrambled.intervene(inputs, [
        { kind: 'ablate', site: 'hidden', units: [0] },
        { kind: 'ablate', site: 'hidden.pre', units: [0] },
      ]),
    ).rejects.toSatisfy((e) => isScrutableError(e, 'UNSUPPORTED'));
  });
});

describe('scrambled dense net', () => {
  it('keeps the dense net outputs, and ablating a whole rotated layer equals ablating the inner layer', async () => {
    const task = generateTask('boolean', { level: 1, seed: 4 });
    const config = { hidden: [16], epochs: 20, validationFraction: 0 };
    const plain = denseFactory.create({ config });
    await plain.fit(task, { seed: 2 });
    const scrambled = scrambledFactory.create({ config, source: denseFactory });
    await scrambled.fit(task, { seed: 2 });
    const x = task.test.inputs;
    expect(maxAbsDiff(await scrambled.predict(x), await plain.predict(x))).toBe(0);
    const all = Array.from({ length: 16 }, (_, i) => i);
    const rotatedAblation = await scrambled.intervene(x, { kind: 'ablate', site: 'h0.post', units: all });
    const innerAblation = await plain.intervene(x, { kind: 'ablate', site: 'h0.post', units: all });
    expect(maxAbsDiff(rotatedAblation, innerAblation)).toBeLessThan(1e-5);
    const units = scrambled.units().map((g) => `${g.site}:${g.state}`);
    expect(units).toEqual([
      'h0.pre:rotated preactivation',
      'h0.post:rotated activation',
      'out.pre:preactivation',
    ]);
    plain.dispose();
    scrambled.dispose();
  });
});
