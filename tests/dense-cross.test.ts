import {
  type Dataset,
  type Intervention,
  type Matrix,
  maxAbsDiff,
  Rng,
  type SerializedSubstrate,
  type Substrate,
  type SubstrateFactory,
} from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import denseBrain from '@scrutable/substrate-dense-brain';
import { conformanceDataset } from '@scrutable/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The dense MLP on TensorFlow.js and on brain.js are one substrate: a network trained by either library
// and saved loads into the other and computes the same function at every site. Tolerance covers float32
// summation order.
const TOLERANCE = 1e-4;
const dataset: Dataset = conformanceDataset(11, 96, 40);
const inputs = dataset.test.inputs;

function interventionsFor(substrate: Substrate): Intervention[][] {
  const rng = new Rng(3);
  return substrate.units().flatMap((group): Intervention[][] => {
    const some = Array.from({ length: Math.ceil(group.size / 2) }, (_, i) => 2 * i).filter(
      (u) => u < group.size,
    );
    return [
      [{ kind: 'ablate', site: group.site, units: some }],
      [{ kind: 'ablate', site: group.site, units: some, value: 'mean' }],
      [
        {
          kind: 'clamp',
          site: group.site,
          units: some,
          values: Float32Array.from(some, () => rng.uniform(-1, 1)),
        },
      ],
      [
        {
          kind: 'add',
          site: group.site,
          vector: Float32Array.from({ length: group.size }, () => rng.normal()),
          scale: 0.7,
        },
      ],
    ];
  });
}

async function expectSameSubstrate(original: Substrate, copy: Substrate): Promise<void> {
  const close = (a: Matrix, b: Matrix, what: string) =>
    expect(maxAbsDiff(a, b), what).toBeLessThanOrEqual(TOLERANCE);
  expect(copy.units()).toEqual(original.units());
  close(await copy.predict(inputs), await original.predict(inputs), 'predictions');
  const [a, b] = [await original.observe(inputs), await copy.observe(inputs)];
  expect(Object.keys(b.states)).toEqual(Object.keys(a.states));
  for (const site of Object.keys(a.states)) close(b.states[site]!, a.states[site]!, `states at ${site}`);
  const predicted = await original.predict(inputs);
  let changed = 0;
  for (const iv of interventionsFor(original)) {
    const expected = await original.intervene(inputs, iv);
    close(await copy.intervene(inputs, iv), expected, `${iv[0]!.kind} at ${iv[0]!.site}`);
    if (maxAbsDiff(expected, predicted) > 100 * TOLERANCE) changed++;
  }
  // The comparison means something only if the interventions move the outputs.
  expect(changed).toBeGreaterThan(interventionsFor(original).length / 2);
  const views = original.parameters();
  const copyViews = copy.parameters();
  expect(copyViews.map(({ name, from, to, rows, cols }) => ({ name, from, to, rows, cols }))).toEqual(
    views.map(({ name, from, to, rows, cols }) => ({ name, from, to, rows, cols })),
  );
  views.forEach((view, k) => {
    expect(Array.from(copyViews[k]!.read())).toEqual(Array.from(view.read()));
  });
}

function as(saved: SerializedSubstrate, id: string): SerializedSubstrate {
  return { ...saved, substrate: id };
}

describe.each([
  { from: dense, to: denseBrain },
  { from: denseBrain, to: dense },
] as { from: SubstrateFactory; to: SubstrateFactory }[])(
  'dense cross-check: $from.id -> $to.id',
  ({ from, to }) => {
    for (const activation of ['relu', 'tanh', 'sigmoid']) {
      describe(activation, () => {
        let original: Substrate;
        let copy: Substrate;
        beforeAll(async () => {
          original = from.create({ config: { hidden: [12, 8], activation } });
          await original.fit(dataset, { seed: 5, budget: { epochs: 5 } });
          copy = await to.load(as(original.save(), to.id));
          expect([original.info.id, copy.info.id]).toEqual([from.id, to.id]);
        });
        afterAll(() => {
          original?.dispose();
          copy?.dispose();
        });

        it('computes the same predictions, states, interventions and parameters', async () => {
          await expectSameSubstrate(original, copy);
        });

        it('stays the same after the same rank-one edit on both', async () => {
          const view = original.parameters().find((v) => v.name === 'W1')!;
          const rng = new Rng(9);
          const edit = {
            name: 'W1',
            u: Float32Array.from({ length: view.rows }, () => rng.normal()),
            v: Float32Array.from({ length: view.cols }, () => rng.normal()),
          };
          original.applyEdit(edit);
          copy.applyEdit(edit);
          await expectSameSubstrate(original, copy);
        });
      });
    }
  },
);
