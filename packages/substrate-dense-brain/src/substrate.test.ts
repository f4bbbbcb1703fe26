import {
  accuracy,
  type Dataset,
  encodeFloat32,
  isScrutableError,
  type Matrix,
  matrix,
  maxAbsDiff,
  type OutputHead,
  type ParameterView,
  Rng,
  type Substrate,
} from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import factory, { DEFAULT_CONFIG } from './index.js';

/**
 * A small three-head dataset for this package's tests: 6 random bits; class head `majority`
 * (majority of x0..x2), binary head `and` = x3 AND x4, real head `count` = (x0 + x5) / 2.
 */
function threeHeadDataset(seed: number, rows = 96): Dataset {
  const rng = new Rng(seed);
  const heads: OutputHead[] = [
    { name: 'majority', kind: 'class', size: 2 },
    { name: 'and', kind: 'binary', size: 1 },
    { name: 'count', kind: 'real', size: 1 },
  ];
  const split = (n: number) => {
    const inputs = matrix(n, 6);
    const targets = matrix(n, 4);
    for (let r = 0; r < n; r++) {
      const x = Array.from({ length: 6 }, () => (rng.bernoulli(0.5) ? 1 : 0));
      inputs.data.set(x, r * 6);
      targets.data[r * 4 + (x[0]! + x[1]! + x[2]! >= 2 ? 1 : 0)] = 1;
      targets.data[r * 4 + 2] = x[3]! & x[4]!;
      targets.data[r * 4 + 3] = (x[0]! + x[5]!) / 2;
    }
    return { inputs, targets };
  };
  return {
    name: 'three-heads',
    inputNames: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'],
    heads,
    train: split(rows),
    test: split(rows / 2),
  };
}

const dataset = threeHeadDataset(3);
const heads = dataset.heads;
const relu = (x: number) => Math.max(0, x);

/** An independent forward pass from parameter views, with an optional per-site edit, in plain arrays. */
function reference(
  views: ParameterView[],
  f: (x: number) => number,
  inputs: Matrix,
  edit: (site: string, rows: number[][]) => void = () => {},
): { sites: Record<string, number[][]>; outputs: number[][] } {
  const get = (name: string) => views.find((v) => v.name === name)!;
  const layerCount = views.filter((v) => v.name.startsWith('W')).length;
  const sites: Record<string, number[][]> = {};
  let x: number[][] = Array.from({ length: inputs.rows }, (_, r) =>
    Array.from(inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols)),
  );
  for (let i = 0; i < layerCount; i++) {
    const W = get(`W${i}`);
    const w = W.read();
    const b = get(`b${i}`).read();
    const pre = x.map((xs) =>
      Array.from({ length: W.rows }, (_, o) => xs.reduce((s, v, j) => s + w[o * W.cols + j]! * v, b[o]!)),
    );
    const last = i === layerCount - 1;
    edit(last ? 'out.pre' : `h${i}.pre`, pre);
    sites[last ? 'out.pre' : `h${i}.pre`] = pre.map((r) => [...r]);
    if (last) {
      x = pre;
      break;
    }
    const post = pre.map((r) => r.map(f));
    edit(`h${i}.post`, post);
    sites[`h${i}.post`] = post.map((r) => [...r]);
    x = post;
  }
  const outputs = x.map((logits) => {
    const exp = [Math.exp(logits[0]!), Math.exp(logits[1]!)];
    return [
      exp[0]! / (exp[0]! + exp[1]!),
      exp[1]! / (exp[0]! + exp[1]!),
      1 / (1 + Math.exp(-logits[2]!)),
      logits[3]!,
    ];
  });
  return { sites, outputs };
}

function toMatrix(rows: number[][]): Matrix {
  return matrix(rows.length, rows[0]!.length, rows.flat());
}

async function fitted(config: unknown, epochs = 30, seed = 1): Promise<Substrate> {
  const s = factory.create({ config });
  await s.fit(dataset, { seed, budget: { epochs } });
  return s;
}

describe('dense-brain forward, observe and intervene', () => {
  it('match an independent computation from the parameter views', async () => {
    const s = await fitted({ hidden: [7, 5] });
    const inputs = dataset.test.inputs;
    const views = s.parameters();
    expect(views.map((v) => `${v.name}:${v.from ?? ''}->${v.to}:${v.rows}x${v.cols}`)).toEqual([
      'W0:input->h0.pre:7x6',
      'b0:->h0.pre:7x1',
      'W1:h0.post->h1.pre:5x7',
      'b1:->h1.pre:5x1',
      'W2:h1.post->out.pre:4x5',
      'b2:->out.pre:4x1',
    ]);
    const ref = reference(views, relu, inputs);
    expect(maxAbsDiff(await s.predict(inputs), toMatrix(ref.outputs))).toBeLessThan(1e-5);
    const observed = await s.observe(inputs);
    expect(Object.keys(observed.states)).toEqual(['h0.pre', 'h0.post', 'h1.pre', 'h1.post', 'out.pre']);
    for (const [site, states] of Object.entries(ref.sites))
      expect(maxAbsDiff(observed.states[site]!, toMatrix(states)), site).toBeLessThan(1e-5);
    expect(observed.cost.forwardPasses).toBe(inputs.rows);
    // one multiply-accumulate per weight: 7·6 + 5·7 + 4·5 per pass
    expect(observed.cost.synapticEvents).toBe(inputs.rows * (42 + 35 + 20));

    const values = Float32Array.from({ length: inputs.rows * 2 }, (_, k) => k / 10);
    const vector = Float32Array.from([1, -2, 0.5, 3]);
    const intervened = await s.intervene(inputs, [
      { kind: 'ablate', site: 'h0.post', units: [0, 3], value: 'mean' },
      { kind: 'clamp', site: 'h1.pre', units: [1, 4], values },
      { kind: 'add', site: 'out.pre', vector, scale: 0.5 },
    ]);
    const expected = reference(views, relu, inputs, (site, rows) => {
      if (site === 'h0.post')
        for (const u of [0, 3]) {
          const mean = rows.reduce((s, r) => s + r[u]!, 0) / rows.length;
          for (const r of rows) r[u] = mean;
        }
      if (site === 'h1.pre')
        rows.forEach((r, i) => {
          r[1] = values[2 * i]!;
          r[4] = values[2 * i + 1]!;
        });
      if (site === 'out.pre')
        for (const r of rows) for (let j = 0; j < r.length; j++) r[j]! += 0.5 * vector[j]!;
    });
    expect(maxAbsDiff(intervened, toMatrix(expected.outputs))).toBeLessThan(1e-5);
  });

  it('computes the tanh and sigmoid networks the same way', async () => {
    for (const [activation, f] of [
      ['tanh', Math.tanh],
      ['sigmoid', (x: number) => 1 / (1 + Math.exp(-x))],
    ] as const) {
      const s = await fitted({ hidden: [4], activation }, 3);
      const ref = reference(s.parameters(), f, dataset.test.inputs);
      expect(
        maxAbsDiff(await s.predict(dataset.test.inputs), toMatrix(ref.outputs)),
        activation,
      ).toBeLessThan(1e-5);
    }
  });

  it('applies an edit to exactly the named map', async () => {
    const s = await fitted({ hidden: [3] }, 2);
    const before = s.parameters().map((v) => v.read());
    s.applyEdit({ name: 'W1', u: Float32Array.from([1, 0, 0, 2]), v: Float32Array.from([0, 1, 0]) });
    const after = s.parameters().map((v) => v.read());
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual(before[1]);
    expect(after[3]).toEqual(before[3]);
    const delta = Array.from(after[2]!, (v, k) => v - before[2]![k]!);
    const expected = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0];
    expect(delta.map((d, k) => Math.abs(d - expected[k]!))).toEqual(expected.map(() => expect.closeTo(0, 6)));
  });
});

describe('dense-brain training', () => {
  it('is the brain.js SGD step: one example, one epoch, checked by hand', async () => {
    // One example, a real head, sigmoid everywhere: brain.js's delta is (t - y)·y(1 - y) at each layer,
    // and a real target t is given to brain.js as sigmoid(t), so that out.pre learns t itself.
    const one = {
      ...dataset,
      heads: [{ name: 'y', kind: 'real' as const, size: 1 }],
      train: { inputs: matrix(1, 2, [1, 0.5]), targets: matrix(1, 1, [1]) },
      test: { inputs: matrix(1, 2, [1, 0.5]), targets: matrix(1, 1, [1]) },
    };
    const config = { hidden: [2], activation: 'sigmoid', learningRate: 0.5, l2: 0 };
    const start = factory.create({ config });
    await start.fit(one, { seed: 4, budget: { epochs: 0 } });
    const [w0, b0, w1, b1] = start.parameters().map((v) => Array.from(v.read()));
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const x = [1, 0.5];
    const h = [0, 1].map((i) => sig(b0![i]! + w0![2 * i]! * x[0]! + w0![2 * i + 1]! * x[1]!));
    const y = sig(b1![0]! + w1![0]! * h[0]! + w1![1]! * h[1]!);
    const deltaOut = (sig(1) - y) * y * (1 - y);
    const deltaHidden = h.map((hi, i) => deltaOut * w1![i]! * hi * (1 - hi));
    const lr = 0.5;
    const expected = [
      w0!.map((w, k) => w + lr * deltaHidden[Math.floor(k / 2)]! * x[k % 2]!),
      b0!.map((b, i) => b + lr * deltaHidden[i]!),
      w1!.map((w, j) => w + lr * deltaOut * h[j]!),
      [b1![0]! + lr * deltaOut],
    ];
    const trained = factory.create({ config });
    await trained.fit(one, { seed: 4, budget: { epochs: 1 } });
    trained.parameters().forEach((view, k) => {
      expect(Array.from(view.read()).map((v, j) => Math.abs(v - expected[k]![j]!))).toEqual(
        expected[k]!.map(() => expect.closeTo(0, 6)),
      );
    });
  });

  it('is deterministic under a seed and depends on it', async () => {
    const weights = async (seed: number) =>
      (await fitted({ hidden: [6], patience: 3 }, 10, seed)).parameters().map((v) => Array.from(v.read()));
    expect(await weights(5)).toEqual(await weights(5));
    expect(await weights(5)).not.toEqual(await weights(6));
  });

  it('leaves Glorot-initialised weights and zero biases untrained at zero epochs', async () => {
    const s = factory.create({ config: { hidden: [10], activation: 'sigmoid' } });
    const report = await s.fit(dataset, { seed: 2, budget: { epochs: 0 } });
    expect(report.epochs).toBe(0);
    const [w0, b0] = s.parameters();
    const limit = Math.sqrt(6 / (6 + 10));
    expect(w0!.read().every((v) => Math.abs(v) <= limit)).toBe(true);
    expect(new Set(w0!.read()).size).toBe(60);
    expect(Array.from(b0!.read())).toEqual(new Array(10).fill(0));
  });

  it('leaves every layer, the output layer too, at Glorot weights and zero biases at zero epochs', async () => {
    // The output biases of a binary head are lifted and shifted only around what brain.js learns.
    for (const activation of ['relu', 'tanh', 'sigmoid']) {
      const s = factory.create({ config: { hidden: [10, 5], activation } });
      await s.fit(dataset, { seed: 2, budget: { epochs: 0 } });
      const views = s.parameters();
      for (const view of views.filter((v) => v.name.startsWith('b')))
        expect(Array.from(view.read()), `${activation} ${view.name}`).toEqual(new Array(view.rows).fill(0));
      for (const view of views.filter((v) => v.name.startsWith('W'))) {
        const limit = Math.sqrt(6 / (view.rows + view.cols));
        expect(view.read().every((v) => Math.abs(v) <= limit)).toBe(true);
      }
      // The binary output reads sigmoid(W·h) with no offset.
      const observed = await s.observe(dataset.test.inputs, { sites: ['out.pre'] });
      const predicted = await s.predict(dataset.test.inputs);
      const pre = observed.states['out.pre']!;
      for (let r = 0; r < pre.rows; r++)
        expect(predicted.data[r * 4 + 2]).toBeCloseTo(1 / (1 + Math.exp(-pre.data[r * 4 + 2]!)), 6);
    }
  });

  it('learns all three heads, and binary bits are read at the right threshold for every activation', async () => {
    for (const activation of ['relu', 'tanh', 'sigmoid']) {
      const s = await fitted({ hidden: [16], activation, learningRate: 0.1, l2: 0 }, 60);
      const predicted = await s.predict(dataset.test.inputs);
      const binary = { ...heads[1]!, name: 'and' };
      const columns = (m: Matrix, c: number) =>
        matrix(
          m.rows,
          1,
          Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + c]!),
        );
      expect(accuracy(predicted, dataset.test.targets, heads), activation).toBeGreaterThan(0.95);
      expect(accuracy(columns(predicted, 2), columns(dataset.test.targets, 2), [binary]), activation).toBe(1);
    }
  });

  it('stops early on the validation split and reports it', async () => {
    const s = factory.create({ config: { hidden: [8], patience: 2, validationFraction: 0.25 } });
    const report = await s.fit(dataset, { seed: 3, budget: { epochs: 200 } });
    expect(report.details?.validationExamples).toBe(24);
    expect(report.epochs).toBeLessThan(200);
    expect(report.epochs - Number(report.details?.bestEpoch)).toBe(2);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(factory.create().fit(dataset, { seed: 1, signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe('dense-brain configuration and saved state', () => {
  it.each([
    { hidden: [0] },
    { hidden: 4 },
    { activation: 'gelu' },
    { learningRate: 1.5 },
    { batchSize: 0 },
    { epochs: -1 },
    { patience: 1.5 },
    { validationFraction: 1 },
    { l2: -1 },
    { hiden: [4] },
    'relu',
  ])('refuses config %j with BAD_CONFIG', (config) => {
    expect(() => factory.create({ config })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });

  it('refuses a bad budget with BAD_INPUT', async () => {
    const error = await factory
      .create()
      .fit(dataset, { seed: 1, budget: { epochs: 1.5 } })
      .catch((e: unknown) => e);
    expect(isScrutableError(error, 'BAD_INPUT')).toBe(true);
  });

  it('saves the resolved configuration, so a save does not depend on the loader’s defaults', async () => {
    const s = await fitted({}, 1);
    expect((s.save().data as { config: unknown }).config).toEqual({ ...DEFAULT_CONFIG });
    const partial = await fitted({ hidden: [3], activation: 'tanh' }, 1);
    expect((partial.save().data as { config: unknown }).config).toEqual({
      ...DEFAULT_CONFIG,
      hidden: [3],
      activation: 'tanh',
    });
  });

  it('makes parameter views of a re-fitted or disposed network throw NOT_FITTED', async () => {
    const s = await fitted({ hidden: [3] }, 1);
    const stale = s.parameters();
    expect(stale[0]!.read()).toHaveLength(18);
    await s.fit(dataset, { seed: 2, budget: { epochs: 1 } });
    for (const view of stale)
      expect(() => view.read()).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    const fresh = s.parameters();
    expect(fresh[0]!.read()).toHaveLength(18);
    s.dispose();
    for (const view of fresh)
      expect(() => view.read()).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
  });

  it('loads the shared format written by hand and computes its function', async () => {
    // 2 inputs -> 2 relu units -> 1 real output; W is row-major [to x from].
    const saved = {
      substrate: 'dense',
      formatVersion: 1,
      data: {
        config: { hidden: [2] },
        heads: [{ name: 'y', kind: 'real', size: 1 }],
        inputWidth: 2,
        layers: [
          {
            W: encodeFloat32(Float32Array.from([1, 2, -1, 1])),
            b: encodeFloat32(Float32Array.from([0, 0.5])),
          },
          { W: encodeFloat32(Float32Array.from([3, -2])), b: encodeFloat32(Float32Array.from([1])) },
        ],
      },
    };
    const s = await factory.load(saved);
    const inputs = matrix(2, 2, [1, 1, 2, -1]);
    // x=(1,1): h=(3, 0.5) -> 1 + 9 - 1 = 9; x=(2,-1): h=(0, 0) (relu of 0 and -2.5) -> 1.
    expect(Array.from((await s.predict(inputs)).data)).toEqual([9, 1]);
    expect((await factory.load(s.save())).parameters().map((v) => Array.from(v.read()))).toEqual(
      s.parameters().map((v) => Array.from(v.read())),
    );
  });

  it.each([
    ['no data', { substrate: 'dense-brain', formatVersion: 1, data: null }],
    ['wrong version', { substrate: 'dense-brain', formatVersion: 2, data: {} }],
    [
      'wrong weight count',
      {
        substrate: 'dense-brain',
        formatVersion: 1,
        data: {
          config: { hidden: [] },
          heads: [{ name: 'y', kind: 'real', size: 1 }],
          inputWidth: 2,
          layers: [{ W: encodeFloat32(new Float32Array(3)), b: encodeFloat32(new Float32Array(1)) }],
        },
      },
    ],
  ])('refuses a saved state with %s (BAD_STATE)', async (_, saved) => {
    const error = await factory.load(saved).catch((e: unknown) => e);
    expect(isScrutableError(error, 'BAD_STATE')).toBe(true);
  });
});
