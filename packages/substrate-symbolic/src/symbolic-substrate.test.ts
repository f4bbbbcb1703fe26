import {
  accuracy,
  type Dataset,
  isScrutableError,
  type Matrix,
  matrix,
  outputWidth,
  Rng,
  type SerializedSubstrate,
} from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { conformanceDataset } from '@scrutable/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import symbolic, { type RuleView, type SymbolicSubstrate } from './index.js';

/** Six inputs (two real-valued), a 3-class head, a 2-bit binary head and a real head. */
function mixedDataset(seed: number, train = 300, test = 100): Dataset {
  const rng = new Rng(seed);
  const split = (rows: number) => {
    const inputs = matrix(rows, 6);
    const targets = matrix(rows, 6);
    for (let r = 0; r < rows; r++) {
      const x = [
        rng.normal(),
        rng.uniform(0, 3),
        ...Array.from({ length: 4 }, () => (rng.bernoulli(0.5) ? 1 : 0)),
      ];
      inputs.data.set(x, r * 6);
      const [a, b, c, d, e, f] = x as [number, number, number, number, number, number];
      const cls = a > 0.3 ? 2 : b > 1.5 ? 1 : 0;
      targets.data[r * 6 + cls] = 1;
      targets.data[r * 6 + 3] = c;
      targets.data[r * 6 + 4] = d !== e ? 1 : 0;
      targets.data[r * 6 + 5] = 2 * f + (rng.bernoulli(0.1) ? 1 : 0);
    }
    return { inputs, targets };
  };
  return {
    name: 'mixed',
    inputNames: ['a', 'b', 'c', 'd', 'e', 'f'],
    heads: [
      { name: 'kind', kind: 'class', size: 3 },
      { name: 'bits', kind: 'binary', size: 2 },
      { name: 'value', kind: 'real', size: 1 },
    ],
    train: split(train),
    test: split(test),
  };
}

/** Whether a rule's literals all hold for row r, evaluated here from the literals alone. */
function holds(rule: RuleView, inputs: Matrix, r: number): boolean {
  return rule.literals.every((l) => inputs.data[r * inputs.cols + l.feature]! > l.threshold === l.above);
}

/** Outputs by hand: each tree's one firing rule adds its conclusion. */
function outputsByHand(rules: readonly RuleView[], inputs: Matrix, width: number): Matrix {
  const out = matrix(inputs.rows, width);
  for (let r = 0; r < inputs.rows; r++) {
    const firing = rules.filter((rule) => holds(rule, inputs, r));
    const trees = firing.map((rule) => rule.tree);
    expect(new Set(trees).size).toBe(trees.length);
    for (const rule of firing)
      for (let i = 0; i < width; i++) out.data[r * width + i]! += rule.conclusion[i]!;
  }
  return out;
}

async function expectCode(action: () => unknown, code: string): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (e) {
    caught = e;
  }
  expect(isScrutableError(caught) ? caught.code : caught).toBe(code);
}

describe('symbolic substrate on a mixed dataset', () => {
  const data = mixedDataset(3);
  const width = outputWidth(data.heads);
  let s: SymbolicSubstrate;
  beforeAll(async () => {
    s = symbolic.create({ config: { maxDepth: 6 } }) as SymbolicSubstrate;
    await s.fit(data, { seed: 1 });
  });

  it('predicts what its rules say when evaluated by hand, with exactly one rule firing per tree', async () => {
    const rules = s.rules();
    const trees = new Set(rules.map((r) => r.tree));
    expect(trees.size).toBe(4);
    const predicted = await s.predict(data.test.inputs);
    const byHand = outputsByHand(rules, data.test.inputs, width);
    for (let r = 0; r < data.test.inputs.rows; r++)
      expect(rules.filter((rule) => holds(rule, data.test.inputs, r)).length).toBe(trees.size);
    expect(Array.from(predicted.data)).toEqual(Array.from(byHand.data));
    expect(accuracy(predicted, data.test.targets, data.heads)).toBeGreaterThan(0.9);
  });

  it('concludes, in each rule, the mean target of the training rows it covers, and counts them', () => {
    const { inputs, targets } = data.train;
    for (const rule of s.rules()) {
      const covered = Array.from({ length: inputs.rows }, (_, r) => r).filter((r) => holds(rule, inputs, r));
      expect(rule.support).toBe(covered.length);
      const columns = Array.from(rule.conclusion.keys()).filter((i) => rule.conclusion[i] !== 0);
      for (const i of columns) {
        const mean = covered.reduce((sum, r) => sum + targets.data[r * width + i]!, 0) / covered.length;
        expect(rule.conclusion[i]).toBeCloseTo(mean, 5);
      }
    }
  });

  it('observes node truths as x[feature] > threshold and the rules site one-hot on the firing rule', async () => {
    const obs = await s.observe(data.test.inputs);
    const rules = s.rules();
    const nodes = obs.states.nodes!;
    const thresholds = s
      .parameters()
      .find((v) => v.name === 'thresholds')!
      .read();
    const features = new Map(rules.flatMap((rule) => rule.literals.map((l) => [l.node, l.feature] as const)));
    for (let r = 0; r < nodes.rows; r++) {
      for (let k = 0; k < nodes.cols; k++)
        expect(nodes.data[r * nodes.cols + k]).toBe(
          data.test.inputs.data[r * 6 + features.get(k)!]! > thresholds[k]! ? 1 : 0,
        );
      rules.forEach((rule, j) => {
        expect(obs.states.rules!.data[r * rules.length + j]).toBe(holds(rule, data.test.inputs, r) ? 1 : 0);
      });
    }
    expect(obs.cost.forwardPasses).toBe(data.test.inputs.rows);
  });

  it('falls back to the training prior of each target when every rule is ablated', async () => {
    const all = s.rules().map((r) => r.index);
    const out = await s.intervene(data.test.inputs, { kind: 'ablate', site: 'rules', units: all });
    const { targets } = data.train;
    for (let i = 0; i < width; i++) {
      const prior =
        Array.from({ length: targets.rows }, (_, r) => targets.data[r * width + i]!).reduce(
          (a, b) => a + b,
          0,
        ) / targets.rows;
      for (let r = 0; r < out.rows; r++) expect(out.data[r * width + i]).toBeCloseTo(prior, 5);
    }
  });

  it('forcing a rule on makes it decide its tree; forcing a node routes examples through its true branch', async () => {
    const rules = s.rules();
    const inputs = data.test.inputs;
    const base = await s.predict(inputs);
    const rule = rules.find((r) => r.literals.length >= 2)!;
    const columns = Array.from(rule.conclusion.keys()).filter((i) =>
      rules.some((q) => q.tree === rule.tree && q.conclusion[i] !== 0),
    );
    const forced = await s.intervene(inputs, {
      kind: 'clamp',
      site: 'rules',
      units: [rule.index],
      values: Float32Array.of(1),
    });
    for (let r = 0; r < inputs.rows; r++)
      for (let i = 0; i < width; i++)
        expect(forced.data[r * width + i]).toBeCloseTo(
          columns.includes(i) ? rule.conclusion[i]! : base.data[r * width + i]!,
          6,
        );

    // Node `first` forced true: the literals on it read as true whatever the input says.
    const first = rule.literals[0]!.node;
    const viaClamp = await s.intervene(inputs, {
      kind: 'clamp',
      site: 'nodes',
      units: [first],
      values: Float32Array.of(1),
    });
    const vector = new Float32Array(s.units().find((g) => g.site === 'nodes')!.size);
    vector[first] = 1;
    const viaAdd = await s.intervene(inputs, { kind: 'add', site: 'nodes', vector });
    const expected = matrix(inputs.rows, width);
    for (let r = 0; r < inputs.rows; r++)
      for (const q of rules)
        if (
          q.literals.every((l) =>
            l.node === first ? l.above : inputs.data[r * 6 + l.feature]! > l.threshold === l.above,
          )
        )
          for (let i = 0; i < width; i++) expected.data[r * width + i]! += q.conclusion[i]!;
    expect(Array.from(viaClamp.data)).toEqual(Array.from(expected.data));
    expect(Array.from(viaAdd.data)).toEqual(Array.from(expected.data));
  });

  it('reads a leaves edit as a change of the firing rules conclusions, and a threshold edit as a moved test', async () => {
    const fresh = symbolic.create({ config: { maxDepth: 6 } }) as SymbolicSubstrate;
    await fresh.fit(data, { seed: 1 });
    const inputs = data.test.inputs;
    const before = await fresh.predict(inputs);
    const firing = (await fresh.observe(inputs, { sites: ['rules'] })).states.rules!;
    const view = fresh.parameters().find((v) => v.name === 'leaves')!;
    const rng = new Rng(4);
    const delta = Float32Array.from({ length: view.rows * view.cols }, () => rng.normal());
    fresh.applyEdit({ name: 'leaves', delta });
    const after = await fresh.predict(inputs);
    for (let r = 0; r < inputs.rows; r++)
      for (let i = 0; i < view.rows; i++) {
        let change = 0;
        for (let j = 0; j < view.cols; j++)
          change += delta[i * view.cols + j]! * firing.data[r * view.cols + j]!;
        expect(after.data[r * width + i]! - before.data[r * width + i]!).toBeCloseTo(change, 4);
      }

    // Raise one test's threshold above every input: it never holds, and the rules re-evaluated by hand still predict.
    const thresholds = fresh.parameters().find((v) => v.name === 'thresholds')!;
    const shift = new Float32Array(thresholds.rows);
    shift[0] = 100;
    fresh.applyEdit({ name: 'thresholds', delta: shift });
    const rules = fresh.rules();
    expect(
      rules
        .flatMap((q) => q.literals)
        .filter((l) => l.node === 0)
        .every((l) => l.threshold > 99),
    ).toBe(true);
    expect(Array.from((await fresh.predict(inputs)).data)).toEqual(
      Array.from(outputsByHand(rules, inputs, width).data),
    );
    expect(fresh.describe()).toContain('> 100');
  });

  it('describes every rule, its fallback and its budget in text, and reports its complexity', async () => {
    const text = s.describe();
    for (const rule of s.rules()) expect(text).toContain(rule.label);
    expect(text.match(/fallback when no rule fires/g)?.length).toBe(4);
    const fresh = symbolic.create({ config: { maxDepth: 6 } });
    const report = await fresh.fit(data, { seed: 1 });
    const literals = s.rules().reduce((n, q) => n + q.literals.length, 0);
    expect(report.details).toMatchObject({ rules: s.rules().length, literals, trees: 4 });
    expect(report.details?.depth).toBe(Math.max(...s.rules().map((q) => q.literals.length)));
  });
});

describe('rule labels', () => {
  it('read as text, give the truth values of the rules site', async () => {
    const data = conformanceDataset();
    const s = symbolic.create();
    await s.fit(data, { seed: 2 });
    const rules = s.units().find((g) => g.site === 'rules')!;
    const obs = await s.observe(data.test.inputs, { sites: ['rules'] });
    rules.labels!.forEach((label, j) => {
      const condition = label.split(' → ')[0]!;
      const literals =
        condition === 'always'
          ? []
          : condition.split(' ∧ ').map((text) => {
              const [name, op, value] = text.split(' ') as [string, string, string];
              return { feature: data.inputNames.indexOf(name), above: op === '>', threshold: Number(value) };
            });
      for (let r = 0; r < data.test.inputs.rows; r++) {
        const truth = literals.every(
          (l) => data.test.inputs.data[r * 8 + l.feature]! > l.threshold === l.above,
        );
        expect(obs.states.rules!.data[r * rules.size + j]).toBe(truth ? 1 : 0);
      }
    });
  });
});

describe('on the boolean domain', () => {
  it('reaches at least 95% test accuracy at level 1', async () => {
    const task = generateTask('boolean', { level: 1, seed: 0 });
    const s = symbolic.create();
    await s.fit(task, { seed: 0 });
    expect(accuracy(await s.predict(task.test.inputs), task.test.targets, task.heads)).toBeGreaterThanOrEqual(
      0.95,
    );
  });
});

describe('bad input', () => {
  it('rejects bad configs, non-binary binary targets, unfitted use and tampered saves with typed errors', async () => {
    await expectCode(() => symbolic.create({ config: { maxDepth: -1 } }), 'BAD_CONFIG');
    await expectCode(() => symbolic.create({ config: { minLeafSizes: [] } }), 'BAD_CONFIG');
    await expectCode(() => symbolic.create({ config: { depth: 3 } }), 'BAD_CONFIG');
    await expectCode(() => symbolic.create({ config: { validationFraction: 0.9 } }), 'BAD_CONFIG');
    const s = symbolic.create() as SymbolicSubstrate;
    await expectCode(() => s.describe(), 'NOT_FITTED');
    const data = conformanceDataset();
    const bad = {
      ...data,
      train: {
        ...data.train,
        targets: matrix(
          data.train.targets.rows,
          3,
          data.train.targets.data.map((v) => v / 2),
        ),
      },
    };
    await expectCode(() => s.fit(bad, { seed: 0 }), 'BAD_INPUT');
    await s.fit(data, { seed: 0 });
    const saved = JSON.parse(JSON.stringify(s.save())) as SerializedSubstrate & {
      data: { model: { left: number[] } };
    };
    saved.data.model.left[0] = 10_000;
    await expectCode(() => symbolic.load(saved), 'BAD_STATE');
    await expectCode(() => symbolic.load({ substrate: 'dense', formatVersion: 1, data: {} }), 'BAD_STATE');
  });
});
