import {
  accuracy,
  decodeFloat32,
  type Intervention,
  matrix,
  maxAbsDiff,
  Rng,
  type SerializedSubstrate,
} from '@scrutable/core';
import { expectScrutableError } from '@scrutable/testkit';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { DenseConfig } from './config.js';
import dense, { type DenseSubstrate } from './index.js';
import { plantedDataset } from './test-data.js';
import { maxDiff, referenceForward } from './test-reference.js';
import { TUNED_BY_DOMAIN } from './tuned.js';

const data = plantedDataset(240, 6, 3);
const inputs = data.test.inputs;

async function fitted(
  config: DenseConfig = { hidden: [7, 5] },
  epochs = 15,
  seed = 1,
): Promise<DenseSubstrate> {
  const s = dense.create({ config }) as DenseSubstrate;
  await s.fit(data, { seed, budget: { epochs } });
  return s;
}

describe('forward pass against a plain-JavaScript computation from the parameter views', () => {
  for (const activation of ['relu', 'tanh', 'sigmoid'] as const) {
    it(`observes every site and predicts as h = ${activation}(W·x + b) by hand`, async () => {
      const s = await fitted({ hidden: [7, 5], activation });
      const reference = referenceForward(s.parameters(), activation, data.heads, inputs);
      const observed = await s.observe(inputs);
      expect(Object.keys(observed.states)).toEqual(['h0.pre', 'h0.post', 'h1.pre', 'h1.post', 'out.pre']);
      for (const [site, states] of Object.entries(observed.states))
        expect(maxDiff(states, reference.states[site]!), site).toBeLessThan(1e-5);
      expect(maxDiff(await s.predict(inputs), reference.outputs)).toBeLessThan(1e-5);
      expect(observed.cost.forwardPasses).toBe(inputs.rows);
      s.dispose();
    });
  }

  it('reads only the sites asked for', async () => {
    const s = await fitted();
    const observed = await s.observe(inputs, { sites: ['h1.post'] });
    expect(Object.keys(observed.states)).toEqual(['h1.post']);
    expect(observed.states['h1.post']!.cols).toBe(5);
    s.dispose();
  });

  it('counts one multiply-accumulate per weight of every layer as the synaptic events of a pass', async () => {
    const s = await fitted();
    // Independent count: every weight matrix view, rows x cols (here 6·7 + 7·5 + 5·outputs).
    const weights = s
      .parameters()
      .filter((v) => v.name.startsWith('W'))
      .reduce((n, v) => n + v.rows * v.cols, 0);
    expect(weights).toBeGreaterThan(6 * 7 + 7 * 5);
    const observed = await s.observe(inputs, { sites: ['h0.post'] });
    expect(observed.cost.synapticEvents).toBe(inputs.rows * weights);
    s.dispose();
  });
});

describe('interventions run the rest of the network from the edited states', () => {
  const rng = new Rng(4);
  const perExample = Float32Array.from({ length: inputs.rows * 2 }, () => rng.normal());
  const cases: ReadonlyArray<[string, Intervention[]]> = [
    ['ablate zero at h0.post', [{ kind: 'ablate', site: 'h0.post', units: [0, 3, 6] }]],
    [
      'ablate mean at h1.pre (then the activation)',
      [{ kind: 'ablate', site: 'h1.pre', units: [1, 2], value: 'mean' }],
    ],
    ['clamp per example at h0.pre', [{ kind: 'clamp', site: 'h0.pre', units: [2, 4], values: perExample }]],
    [
      'clamp one value for all at h1.post',
      [{ kind: 'clamp', site: 'h1.post', units: [0], values: Float32Array.of(2.5) }],
    ],
    [
      'add at out.pre',
      [{ kind: 'add', site: 'out.pre', vector: Float32Array.of(1, -2, 0.5, 3), scale: 0.5 }],
    ],
    [
      'several sites at once',
      [
        { kind: 'add', site: 'h0.pre', vector: Float32Array.from({ length: 7 }, (_, j) => j - 3) },
        { kind: 'ablate', site: 'h1.post', units: [4], value: 'mean' },
        { kind: 'ablate', site: 'h1.post', units: [3] },
      ],
    ],
  ];
  for (const [title, interventions] of cases) {
    it(title, async () => {
      const s = await fitted({ hidden: [7, 5], activation: 'tanh' });
      const reference = referenceForward(s.parameters(), 'tanh', data.heads, inputs, interventions);
      const out = await s.intervene(inputs, interventions);
      expect(maxDiff(out, reference.outputs)).toBeLessThan(1e-5);
      // And the intervention mattered.
      expect(maxAbsDiff(out, await s.predict(inputs))).toBeGreaterThan(1e-4);
      s.dispose();
    });
  }
});

describe('parameter views and edits', () => {
  it('lists W{i} [to x from] and b{i} views wired input -> h0.pre -> ... -> out.pre', async () => {
    const s = await fitted();
    const views = s.parameters().map(({ name, from, to, rows, cols }) => ({ name, from, to, rows, cols }));
    expect(views).toEqual([
      { name: 'W0', from: 'input', to: 'h0.pre', rows: 7, cols: 6 },
      { name: 'b0', from: undefined, to: 'h0.pre', rows: 7, cols: 1 },
      { name: 'W1', from: 'h0.post', to: 'h1.pre', rows: 5, cols: 7 },
      { name: 'b1', from: undefined, to: 'h1.pre', rows: 5, cols: 1 },
      { name: 'W2', from: 'h1.post', to: 'out.pre', rows: 4, cols: 5 },
      { name: 'b2', from: undefined, to: 'out.pre', rows: 4, cols: 1 },
    ]);
    s.dispose();
  });

  it('adds a rank-one edit u vᵀ to exactly that matrix, and the network computes with it', async () => {
    const s = await fitted();
    const before = new Map(s.parameters().map((v) => [v.name, v.read()]));
    const u = Float32Array.of(1, -1, 0.5, 0, 2);
    const v = Float32Array.of(0.3, 0, -0.2, 0.1, 0, 0, 1);
    s.applyEdit({ name: 'W1', u, v });
    s.applyEdit({ name: 'b2', delta: Float32Array.of(0, 1, 0, -1) });
    for (const view of s.parameters()) {
      const old = before.get(view.name)!;
      const now = view.read();
      for (let k = 0; k < now.length; k++) {
        const i = Math.floor(k / view.cols);
        const j = k % view.cols;
        const expected =
          old[k]! + (view.name === 'W1' ? u[i]! * v[j]! : view.name === 'b2' ? [0, 1, 0, -1][i]! : 0);
        expect(now[k]).toBeCloseTo(expected, 5);
      }
    }
    const reference = referenceForward(s.parameters(), 'relu', data.heads, inputs);
    expect(maxDiff(await s.predict(inputs), reference.outputs)).toBeLessThan(1e-5);
    s.dispose();
  });
});

describe('training', () => {
  it('with budget.epochs = 0 is untrained: Glorot-uniform weights from Rng(seed).fork("init"), zero biases', async () => {
    const s = await fitted({ hidden: [7, 5] }, 0, 9);
    const rng = new Rng(9).fork('init');
    for (const view of s.parameters()) {
      const values = view.read();
      if (view.name.startsWith('b')) expect([...values].every((x) => x === 0)).toBe(true);
      else {
        const limit = Math.sqrt(6 / (view.rows + view.cols));
        const expected = Float32Array.from({ length: view.rows * view.cols }, () =>
          rng.uniform(-limit, limit),
        );
        expect(values).toEqual(expected);
      }
    }
    s.dispose();
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await fitted(undefined, 10, 5);
    const b = await fitted(undefined, 10, 5);
    const c = await fitted(undefined, 10, 6);
    const out = await a.predict(inputs);
    expect(maxAbsDiff(out, await b.predict(inputs))).toBe(0);
    expect(maxAbsDiff(out, await c.predict(inputs))).toBeGreaterThan(1e-3);
    for (const s of [a, b, c]) s.dispose();
  });

  it('learns planted class, binary and real heads to at least 95% on held-out data', async () => {
    const s = dense.create({ config: { hidden: [32] } });
    const report = await s.fit(data, { seed: 2, budget: { epochs: 150 } });
    expect(accuracy(await s.predict(data.test.inputs), data.test.targets, data.heads)).toBeGreaterThanOrEqual(
      0.95,
    );
    expect(report.trainScore).toBeGreaterThanOrEqual(0.95);
    s.dispose();
  });

  it('trains with weightDecay to smaller kernels, reports it in details.config and leaves it out of the save', async () => {
    const kernelNorm = (s: DenseSubstrate) =>
      s
        .parameters()
        .filter((v) => v.name.startsWith('W'))
        .reduce((sum, v) => sum + v.read().reduce((a, w) => a + w * w, 0), 0);
    const plain = await fitted({ hidden: [7, 5] }, 20, 4);
    const decayed = await fitted({ hidden: [7, 5], weightDecay: 0.5 }, 20, 4);
    expect(kernelNorm(decayed)).toBeLessThan(0.8 * kernelNorm(plain));
    const report = await decayed.fit(data, { seed: 4, budget: { epochs: 1 } });
    expect(JSON.parse(report.details?.config as string)).toMatchObject({ weightDecay: 0.5 });
    expect((decayed.save().data as { config: object }).config).not.toHaveProperty('weightDecay');
    for (const s of [plain, decayed]) s.dispose();
  });

  it("trains with its domain's tuned settings and names them in the report; tuned: false or a given key overrides them", async () => {
    const cues = { ...data, name: 'cues/L1/s0' };
    const fitTo = async (config: DenseConfig) => {
      const s = dense.create({ config: { hidden: [7, 5], ...config } });
      const report = await s.fit(cues, { seed: 1, budget: { epochs: 1 } });
      s.dispose();
      return {
        config: JSON.parse(report.details?.config as string),
        tuned: JSON.parse(report.details?.tuned as string),
      };
    };
    const tuned = await fitTo({});
    expect(tuned.tuned).toEqual(TUNED_BY_DOMAIN.cues);
    expect(tuned.config).toMatchObject(TUNED_BY_DOMAIN.cues!);
    expect((await fitTo({ tuned: false })).config.weightDecay).toBe(0);
    expect(await fitTo({ weightDecay: 0.2 })).toMatchObject({ config: { weightDecay: 0.2 }, tuned: {} });
  });

  it('stops early and restores the best epoch: the same as training for exactly that many epochs', async () => {
    const config: DenseConfig = { hidden: [16], patience: 3, learningRate: 0.05, validationFraction: 0.15 };
    const s = dense.create({ config });
    const report = await s.fit(data, { seed: 3, budget: { epochs: 300 } });
    const bestEpoch = report.details?.bestEpoch as number;
    expect(report.epochs).toBeLessThan(300);
    expect(report.epochs - bestEpoch).toBe(3);
    const exact = dense.create({ config });
    await exact.fit(data, { seed: 3, budget: { epochs: bestEpoch } });
    expect(maxAbsDiff(await s.predict(inputs), await exact.predict(inputs))).toBe(0);
    s.dispose();
    exact.dispose();
  });

  it('reports progress once per epoch and stops with an AbortError when aborted', async () => {
    const controller = new AbortController();
    const fractions: number[] = [];
    const s = dense.create({ config: { hidden: [4] } });
    const fit = s.fit(data, {
      seed: 1,
      budget: { epochs: 50 },
      signal: controller.signal,
      onProgress: (p) => {
        fractions.push(p.fraction);
        if (fractions.length === 3) controller.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(fractions).toEqual([1 / 50, 2 / 50, 3 / 50]);
    expect(s.fitted).toBe(false);
  });
});

describe('re-fitting', () => {
  it('makes parameter views of a re-fitted or disposed network throw NOT_FITTED', async () => {
    const s = await fitted({ hidden: [4] }, 1);
    const stale = s.parameters();
    expect(stale[0]!.read()).toHaveLength(24);
    await s.fit(data, { seed: 2, budget: { epochs: 1 } });
    for (const view of stale) await expectScrutableError('NOT_FITTED', () => view.read());
    const fresh = s.parameters();
    expect(fresh[0]!.read()).toHaveLength(24);
    s.dispose();
    for (const view of fresh) await expectScrutableError('NOT_FITTED', () => view.read());
  });
});

describe('serialization', () => {
  it('saves the shared format: resolved config, heads, input width, W [to x from] and b per layer', async () => {
    const s = await fitted();
    const saved = s.save();
    expect(saved.substrate).toBe('dense');
    const d = saved.data as {
      config: Record<string, unknown>;
      inputWidth: number;
      heads: unknown;
      layers: { W: string; b: string }[];
    };
    expect(d.config).toEqual({
      hidden: [7, 5],
      activation: 'relu',
      learningRate: 0.02,
      batchSize: 64,
      epochs: 300,
      patience: 20,
      validationFraction: 0,
      l2: 0.0003,
    });
    expect(d.inputWidth).toBe(6);
    expect(d.heads).toEqual(data.heads);
    const views = new Map(s.parameters().map((v) => [v.name, v.read()]));
    d.layers.forEach((layer, i) => {
      expect(decodeFloat32(layer.W)).toEqual(views.get(`W${i}`));
      expect(decodeFloat32(layer.b)).toEqual(views.get(`b${i}`));
    });
    s.dispose();
  });

  it('round-trips through JSON with identical predictions', async () => {
    const s = await fitted();
    const loaded = await dense.load(JSON.parse(JSON.stringify(s.save())) as SerializedSubstrate);
    expect(maxAbsDiff(await loaded.predict(inputs), await s.predict(inputs))).toBe(0);
    expect(loaded.info.backend).toBe(s.info.backend);
    s.dispose();
    loaded.dispose();
  });

  it('refuses a broken save with BAD_STATE', async () => {
    const s = await fitted();
    const saved = s.save();
    s.dispose();
    const data = saved.data as { layers: { W: string; b: string }[] };
    const broken = (d: unknown): SerializedSubstrate => ({ ...saved, data: d });
    await expectScrutableError('BAD_STATE', () => dense.load(broken(undefined)));
    await expectScrutableError('BAD_STATE', () =>
      dense.load(broken({ ...data, layers: data.layers.slice(1) })),
    );
    await expectScrutableError('BAD_STATE', () => dense.load(broken({ ...data, inputWidth: 5 })));
    await expectScrutableError('BAD_STATE', () =>
      dense.load(broken({ ...data, config: { activation: 'gelu' } })),
    );
    await expectScrutableError('BAD_STATE', () => dense.load({ ...saved, formatVersion: 2 }));
  });
});

describe('bad input', () => {
  it('throws typed errors', async () => {
    const s = await fitted();
    const nan = matrix(1, 6, [0, 1, Number.NaN, 0, 1, 0]);
    await expectScrutableError('BAD_INPUT', () => s.predict(matrix(2, 5)));
    await expectScrutableError('BAD_INPUT', () => s.predict(nan));
    await expectScrutableError('BAD_INPUT', () => s.observe(nan));
    await expectScrutableError('UNKNOWN_SITE', () => s.observe(inputs, { sites: ['h2.pre'] }));
    await expectScrutableError('UNKNOWN_SITE', () =>
      s.intervene(inputs, { kind: 'ablate', site: 'input', units: [0] }),
    );
    await expectScrutableError('UNKNOWN_UNIT', () =>
      s.intervene(inputs, { kind: 'ablate', site: 'h0.post', units: [7] }),
    );
    await expectScrutableError('UNKNOWN_PARAMETER', () =>
      s.applyEdit({ name: 'W3', delta: new Float32Array(1) }),
    );
    await expectScrutableError('BAD_INPUT', () => s.applyEdit({ name: 'W0', delta: new Float32Array(41) }));
    s.dispose();
    await expectScrutableError('NOT_FITTED', () => s.predict(inputs));
    await expectScrutableError('BAD_CONFIG', () => dense.create({ config: { hidden: [0] } }));
    for (const budget of [{ epochs: -2 }, { epochs: 1.5 }, { wallMs: 0 }, { wallMs: Number.NaN }])
      await expectScrutableError('BAD_INPUT', () => dense.create().fit(data, { seed: 1, budget }));
  });
});

describe('tensor memory', () => {
  it('returns to its baseline after fit, predict, observe, intervene, edit, save, load and dispose', async () => {
    const warm = await fitted(); // initialises the backend
    warm.dispose();
    const baseline = tf.memory().numTensors;
    const s = await fitted({ hidden: [7, 5], l2: 1e-3 }, 8);
    await s.predict(inputs);
    await s.observe(inputs);
    await s.intervene(inputs, [
      { kind: 'ablate', site: 'h0.pre', units: [1], value: 'mean' },
      { kind: 'add', site: 'out.pre', vector: new Float32Array(4).fill(1) },
    ]);
    for (const view of s.parameters()) view.read();
    s.applyEdit({ name: 'W0', u: new Float32Array(7).fill(0.1), v: new Float32Array(6).fill(0.1) });
    s.applyEdit({ name: 'b1', delta: new Float32Array(5).fill(0.1) });
    const loaded = await dense.load(s.save());
    await loaded.predict(inputs);
    const refit = await fitted(undefined, 3);
    await refit.fit(data, { seed: 2, budget: { epochs: 2 } });
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    for (const x of [s, loaded, refit]) x.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
