import {
  encodeFloat32,
  type Matrix,
  matrix,
  maxAbsDiff,
  type SerializedSubstrate,
  type Substrate,
} from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { expectScrutableError } from '@scrutable/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import spiking from '../index.js';

const config = { excitatory: 20, epochs: 1, windowMs: 50 };
const run = { seed: 3, windowMs: 50 };
const boolean = generateTask('boolean', { level: 1, seed: 0 });
const shapes = generateTask('shapes', { level: 1, seed: 0 });
const inputs: Matrix = matrix(
  12,
  boolean.test.inputs.cols,
  boolean.test.inputs.data.slice(0, 12 * boolean.test.inputs.cols),
);

async function fitted(extra: object = {}): Promise<Substrate> {
  const s = spiking.create({ config: { ...config, ...extra } });
  await s.fit(boolean, { seed: 2 });
  return s;
}

describe('spiking substrate wrapper', () => {
  let s: Substrate;
  beforeAll(async () => {
    s = await fitted();
  });

  it('declares its trained readout as the linear map from exc to the outputs', async () => {
    const view = s.parameters().find((v) => v.from === 'exc');
    expect(view).toMatchObject({ name: 'readout', to: 'output', rows: boolean.test.targets.cols, cols: 20 });
    const before = await s.predict(inputs, run);
    // With every weight of the view removed only the biases are left: one output for every example.
    const weights = view!.read();
    s.applyEdit({ name: 'readout', delta: weights.map((w) => -w) });
    const flat = await s.predict(inputs, run);
    for (let r = 1; r < flat.rows; r++)
      for (let c = 0; c < flat.cols; c++) expect(flat.data[r * flat.cols + c]).toBe(flat.data[c]);
    s.applyEdit({ name: 'readout', delta: weights });
    expect(maxAbsDiff(await s.predict(inputs, run), before)).toBeLessThan(1e-6);
    // the neuron-labelling vote is not a parameter view
    const vote = await fitted({ readout: 'vote' });
    expect(vote.parameters().some((v) => v.from === 'exc')).toBe(false);
  });

  it('sums several add interventions at one site, as every substrate does', async () => {
    const v = Float32Array.from({ length: 20 }, (_, u) => (u % 2 === 0 ? 6 : -6));
    const add = (scale: number) => ({ kind: 'add' as const, site: 'exc', vector: v, scale });
    const once = await s.intervene(inputs, add(1), run);
    const twice = await s.intervene(inputs, [add(1), add(1)], run);
    expect(maxAbsDiff(twice, await s.intervene(inputs, add(2), run))).toBe(0);
    expect(maxAbsDiff(twice, once)).toBeGreaterThan(0);
    // +v and −v cancel: the same as no intervention.
    const base = await s.predict(inputs, run);
    expect(maxAbsDiff(once, base)).toBeGreaterThan(0);
    expect(maxAbsDiff(await s.intervene(inputs, [add(1), add(-1)], run), base)).toBe(0);
  });

  it('clamping exc to its own observed counts (per row) reproduces the outputs exactly', async () => {
    const observed = (await s.observe(inputs, { ...run, sites: ['exc'] })).states.exc!;
    const units = Array.from({ length: 20 }, (_, u) => u);
    const clamped = await s.intervene(
      inputs,
      { kind: 'clamp', site: 'exc', units, values: observed.data },
      run,
    );
    expect(maxAbsDiff(clamped, await s.predict(inputs, run))).toBe(0);
    // The same counts at another run seed: the clamp, not the input, sets the exc counts.
    const again = await s.intervene(
      inputs,
      { kind: 'clamp', site: 'exc', units, values: observed.data },
      { ...run, seed: 99 },
    );
    expect(maxAbsDiff(again, clamped)).toBe(0);
  });

  it('reads input->exc as [exc × input neurons]: raising one neuron’s row raises its spikes', async () => {
    const t = await fitted();
    const view = t.parameters().find((p) => p.name === 'input->exc')!;
    expect([view.rows, view.cols]).toEqual([20, 2 * inputs.cols]);
    const before = (await t.observe(inputs, { ...run, sites: ['exc'] })).states.exc!;
    const spikes = (m: Matrix, u: number) => {
      let sum = 0;
      for (let r = 0; r < m.rows; r++) sum += m.data[r * m.cols + u]!;
      return sum;
    };
    // The quietest neuron.
    let target = 0;
    for (let u = 1; u < 20; u++) if (spikes(before, u) < spikes(before, target)) target = u;
    const weights = view.read();
    const u = new Float32Array(20);
    u[target] = 1;
    t.applyEdit({ name: 'input->exc', u, v: new Float32Array(view.cols).fill(2) });
    const after = view.read();
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < view.cols; j++)
        expect(after[i * view.cols + j]! - weights[i * view.cols + j]!).toBeCloseTo(i === target ? 2 : 0, 5);
    const raised = (await t.observe(inputs, { ...run, sites: ['exc'] })).states.exc!;
    expect(spikes(raised, target)).toBeGreaterThan(spikes(before, target) + inputs.rows);
    // It now fires more than any other neuron.
    for (let i = 0; i < 20; i++)
      if (i !== target) expect(spikes(raised, target)).toBeGreaterThan(spikes(raised, i));
  });

  it('keeps the fitted substrate when a re-fit is aborted', async () => {
    const t = await fitted();
    const before = await t.predict(inputs, run);
    const saved = JSON.stringify(t.save());
    const controller = new AbortController();
    const refit = t.fit(shapes, {
      seed: 3,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.fraction > 0.05) controller.abort();
      },
    });
    await expect(refit).rejects.toMatchObject({ name: 'AbortError' });
    expect(t.fitted).toBe(true);
    expect(t.inputWidth).toBe(boolean.train.inputs.cols);
    expect(t.heads).toEqual(boolean.heads);
    expect(maxAbsDiff(await t.predict(inputs, run), before)).toBe(0);
    expect(JSON.stringify(t.save())).toBe(saved);
    const loaded = await spiking.load(t.save());
    expect(maxAbsDiff(await loaded.predict(inputs, run), before)).toBe(0);
  });

  it('makes parameter views of a re-fitted or disposed network throw NOT_FITTED', async () => {
    const t = await fitted();
    const stale = t.parameters();
    expect(stale[0]!.read()).toHaveLength(20 * 2 * inputs.cols);
    await t.fit(boolean, { seed: 5 });
    for (const view of stale) await expectScrutableError('NOT_FITTED', () => view.read());
    const fresh = t.parameters();
    expect(fresh[1]!.read()).toHaveLength(20);
    t.dispose();
    for (const view of fresh) await expectScrutableError('NOT_FITTED', () => view.read());
    await expectScrutableError('NOT_FITTED', () => t.predict(inputs, run));
  });

  it('refuses a bad budget with BAD_INPUT', async () => {
    for (const budget of [{ epochs: -2 }, { epochs: 1.5 }, { wallMs: 0 }, { wallMs: Number.NaN }])
      await expectScrutableError('BAD_INPUT', () =>
        spiking.create({ config }).fit(boolean, { seed: 1, budget }),
      );
  });
});

describe('spiking load validation', () => {
  let saved: SerializedSubstrate;
  beforeAll(async () => {
    saved = JSON.parse(JSON.stringify((await fitted({ readout: 'vote' })).save())) as SerializedSubstrate;
  });
  type Data = { heads: unknown[]; readout: Record<string, unknown>[]; [key: string]: unknown };
  const changed = (edit: (d: Data) => void): SerializedSubstrate => {
    const copy = JSON.parse(JSON.stringify(saved)) as SerializedSubstrate & { data: Data };
    edit(copy.data);
    return copy;
  };

  it('loads an intact save with identical predictions', async () => {
    const original = await spiking.load(saved);
    const again = await spiking.load(JSON.parse(JSON.stringify(original.save())));
    expect(maxAbsDiff(await again.predict(inputs, run), await original.predict(inputs, run))).toBe(0);
  });

  it.each<[string, (d: Data) => void]>([
    ['heads replaced by a class head of 5', (d) => (d.heads = [{ name: 'y', kind: 'class', size: 5 }])],
    ['no heads', (d) => (d.heads = [])],
    ['a head of unknown kind', (d) => (d.heads = [{ ...(d.heads[0] as object), kind: 'ordinal' }])],
    ['a head of size 0', (d) => (d.heads = [{ ...(d.heads[0] as object), size: 0 }])],
    [
      'an assignment of the wrong length',
      (d) => (d.readout[0]!.assignment = encodeFloat32(new Float32Array(4))),
    ],
    ['a labelling at column 7', (d) => (d.readout[0]!.column = 7)],
    ['a labelling of the wrong kind', (d) => (d.readout[0]!.kind = 'real')],
    ['a labelling too many', (d) => d.readout.push({ ...d.readout[0]! })],
    ['no readout', (d) => (d.readout = undefined as unknown as Data['readout'])],
    [
      'an infinite assignment',
      (d) => (d.readout[0]!.assignment = encodeFloat32(new Float32Array(40).fill(Infinity))),
    ],
    ['a non-finite fallback', (d) => (d.readout[0]!.fallback = null)],
    ['a negative seed', (d) => (d.seed = -1)],
    ['weights of the wrong size', (d) => (d.weights = encodeFloat32(new Float32Array(3)))],
  ])('refuses a save with %s (BAD_STATE)', async (_, edit) => {
    await expectScrutableError('BAD_STATE', () => spiking.load(changed(edit)));
  });

  it('refuses a trained readout that is missing or of the wrong size (BAD_STATE)', async () => {
    const trained = JSON.parse(JSON.stringify((await fitted()).save())) as SerializedSubstrate & {
      data: { trained?: { weights: string } };
    };
    const original = await spiking.load(trained);
    expect(maxAbsDiff(await original.predict(inputs, run), await (await fitted()).predict(inputs, run))).toBe(
      0,
    );
    const missing = JSON.parse(JSON.stringify(trained));
    delete missing.data.trained;
    await expectScrutableError('BAD_STATE', () => spiking.load(missing));
    const short = JSON.parse(JSON.stringify(trained));
    short.data.trained.weights = encodeFloat32(new Float32Array(3));
    await expectScrutableError('BAD_STATE', () => spiking.load(short));
  });
});
