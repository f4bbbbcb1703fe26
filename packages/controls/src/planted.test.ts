import { accuracy, type Dataset, isScrutableError, type Latent, matrix, takeRows } from '@scrutable/core';
import { DOMAINS, generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { FourierStage } from './fourier-stage.js';
import { FOURIER_SITE, type GroundTruthTask, PlantedSubstrate } from './planted.js';

/**
 * A hand-written causal model over 3 bits: g = x0 AND x1 (binary), s = x0 + x1 + x2 (categorical, 4
 * values); class head y = g XOR x2, binary head z = (s ≥ 2).
 */
function miniTask(): GroundTruthTask {
  const groundTruth = (x: Float32Array, overrides?: ReadonlyMap<number, number>) => {
    const g = overrides?.get(0) ?? (x[0]! && x[1]! ? 1 : 0);
    const s = overrides?.get(1) ?? x[0]! + x[1]! + x[2]!;
    const y = g ^ x[2]!;
    return { latents: Float32Array.from([g, s]), targets: Float32Array.from([1 - y, y, s >= 2 ? 1 : 0]) };
  };
  const all = Array.from({ length: 8 }, (_, i) => [i & 1, (i >> 1) & 1, (i >> 2) & 1]);
  const inputs = matrix(8, 3, all.flat());
  const truths = all.map((x) => groundTruth(Float32Array.from(x)));
  const latent = (index: number, spec: Omit<Latent, 'values'>): Latent => ({
    ...spec,
    values: Float32Array.from(truths.map((t) => t.latents[index]!)),
  });
  const split = {
    inputs,
    targets: matrix(
      8,
      3,
      truths.flatMap((t) => [...t.targets]),
    ),
    latents: [
      latent(0, { name: 'g', kind: 'binary', categories: 2 }),
      latent(1, { name: 's', kind: 'categorical', categories: 4 }),
    ],
  };
  return {
    name: 'mini',
    inputNames: ['x0', 'x1', 'x2'],
    heads: [
      { name: 'y', kind: 'class', size: 2 },
      { name: 'z', kind: 'binary', size: 1 },
    ],
    train: split,
    test: split,
    groundTruth,
  };
}

async function fitted(noiseUnits = 3) {
  const p = new PlantedSubstrate({ noiseUnits });
  await p.fit(miniTask(), { seed: 1 });
  return p;
}

describe('planted control', () => {
  it('predicts the true targets and exposes the latents one-hot, then the noise', async () => {
    const task = miniTask();
    const p = await fitted();
    expect([...(await p.predict(task.test.inputs)).data]).toEqual([...task.test.targets.data]);
    const [site] = p.units();
    expect(site!.labels).toEqual(['g', 's=0', 's=1', 's=2', 's=3', 'noise/0', 'noise/1', 'noise/2']);
    const states = (await p.observe(task.test.inputs)).states['units']!;
    // row i is input bits of i: g = bit0 AND bit1, s = popcount
    for (let i = 0; i < 8; i++) {
      const bits = [i & 1, (i >> 1) & 1, (i >> 2) & 1];
      const oneHot = [0, 0, 0, 0];
      oneHot[bits[0]! + bits[1]! + bits[2]!] = 1;
      expect([...states.data.subarray(i * 8, i * 8 + 5)]).toEqual([bits[0]! & bits[1]!, ...oneHot]);
    }
  });

  it('propagates interventions on latent units through the true causal model', async () => {
    const task = miniTask();
    const p = await fitted();
    // force g = 1: y becomes NOT x2
    const forced = await p.intervene(task.test.inputs, {
      kind: 'clamp',
      site: 'units',
      units: [0],
      values: Float32Array.of(1),
    });
    for (let i = 0; i < 8; i++) {
      const x2 = (i >> 2) & 1;
      expect(forced.data[i * 3 + 1]).toBe(1 - x2);
    }
    // adding 2 to unit s=3 makes s = 3 everywhere: z = 1 everywhere, y untouched
    const vector = new Float32Array(8);
    vector[4] = 2;
    const added = await p.intervene(task.test.inputs, { kind: 'add', site: 'units', vector });
    for (let i = 0; i < 8; i++) {
      expect(added.data[i * 3 + 2]).toBe(1);
      expect(added.data[i * 3 + 1]).toBe(task.test.targets.data[i * 3 + 1]);
    }
  });

  it('ignores interventions on noise units and changes outputs when every unit is ablated', async () => {
    const task = miniTask();
    const p = await fitted();
    const base = await p.predict(task.test.inputs);
    const noise = await p.intervene(task.test.inputs, { kind: 'ablate', site: 'units', units: [5, 6, 7] });
    expect([...noise.data]).toEqual([...base.data]);
    const all = await p.intervene(task.test.inputs, {
      kind: 'ablate',
      site: 'units',
      units: [0, 1, 2, 3, 4, 5, 6, 7],
    });
    // g = 0 and s = 0 (argmax of all zeros is category 0): y = x2, z = 0
    for (let i = 0; i < 8; i++)
      expect([...all.data.subarray(i * 3, i * 3 + 3)]).toEqual([1 - ((i >> 2) & 1), (i >> 2) & 1, 0]);
  });

  it('gives the same noise for the same input and seed, other noise for another seed', async () => {
    const task = miniTask();
    const a = (await (await fitted()).observe(task.test.inputs)).states['units']!;
    const b = (await (await fitted()).observe(task.test.inputs)).states['units']!;
    expect(b.data).toEqual(a.data);
    const other = new PlantedSubstrate({ noiseUnits: 3 });
    await other.fit(task, { seed: 2 });
    const c = (await other.observe(task.test.inputs)).states['units']!;
    expect(c.data.subarray(5, 8)).not.toEqual(a.data.subarray(5, 8));
  });

  it('refuses a dataset without a ground truth and a bad config', async () => {
    const { groundTruth: _, ...plain } = miniTask();
    await expect(new PlantedSubstrate().fit(plain as Dataset, { seed: 1 })).rejects.toSatisfy((e) =>
      isScrutableError(e, 'BAD_INPUT'),
    );
    expect(() => new PlantedSubstrate({ noiseUnits: -1 })).toThrow(/noiseUnits/);
  });
});

describe('planted control on every domain', () => {
  it('reaches test accuracy of at least 0.99 on the whole test split of every task level 1-3', async () => {
    const below: string[] = [];
    for (const { id } of DOMAINS)
      for (const level of [1, 2, 3]) {
        const task = generateTask(id, { level, seed: 0 });
        const p = new PlantedSubstrate({ noiseUnits: 0 });
        await p.fit(task, { seed: 0 });
        const test = accuracy(await p.predict(task.test.inputs), task.test.targets, task.heads);
        if (test < 0.99) below.push(`${task.name}: ${test}`);
      }
    expect(below).toEqual([]);
  });

  for (const { id } of DOMAINS) {
    it(`${id}: predicts the true targets and reads the test latents exactly (several seeds)`, async () => {
      for (const seed of [0, 1, 2, 3]) {
        const task = generateTask(id, { level: 1, seed });
        const p = new PlantedSubstrate({ noiseUnits: 2 });
        await p.fit(task, { seed: 1 });
        const rows = Array.from({ length: Math.min(64, task.test.inputs.rows) }, (_, i) => i);
        const inputs = takeRows(task.test.inputs, rows);
        const predicted = await p.predict(inputs);
        const truth = matrix(rows.length, predicted.cols);
        rows.forEach((r) => {
          truth.data.set(
            task.groundTruth(inputs.data.slice(r * inputs.cols, (r + 1) * inputs.cols)).targets,
            r * truth.cols,
          );
        });
        expect(accuracy(predicted, truth, task.heads)).toBe(1);
        expect(accuracy(predicted, takeRows(task.test.targets, rows), task.heads)).toBe(1);
        const states = (await p.observe(inputs)).states['units']!;
        const labels = p.units()[0]!.labels!;
        const misread: string[] = [];
        task.test.latents.forEach((latent) => {
          for (const r of rows) {
            const v = latent.values[r]!;
            const unit =
              latent.kind === 'categorical'
                ? states.data[r * states.cols + labels.indexOf(`${latent.name}=${v}`)]
                : states.data[r * states.cols + labels.indexOf(latent.name)];
            const ok = latent.kind === 'categorical' ? unit === 1 : Math.abs(unit! - v) < 1e-5;
            if (!ok) misread.push(`seed ${seed} row ${r} ${latent.name}`);
          }
        });
        expect(misread).toEqual([]);
      }
    });
  }
});

describe('planted control on modular addition: the Fourier stage', () => {
  const task = generateTask('modadd', { level: 1, seed: 2 });
  const p = task.structure.domain === 'modadd' ? task.structure.p : 0;
  const oneHot = (pairs: ReadonlyArray<[number, number]>) => {
    const m = matrix(pairs.length, 2 * p);
    pairs.forEach(([a, b], r) => {
      m.data[r * 2 * p + a] = 1;
      m.data[r * 2 * p + p + b] = 1;
    });
    return m;
  };

  it('reads back the sum of every pair from its own units, and a shifted sum from shifted units', () => {
    const stage = new FourierStage(p);
    const units = new Float32Array(stage.width);
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++) {
        stage.write(a, b, units, 0);
        expect(stage.readSum(units, 0)).toBe((a + b) % p);
      }
    expect(stage.labels()).toHaveLength(stage.width);
    expect(stage.width).toBe(2 * (p - 1));
  });

  it('lays the stage out as a second site, computed from the true a and b', async () => {
    const planted = new PlantedSubstrate({ noiseUnits: 2 });
    await planted.fit(task, { seed: 1 });
    const [units, fourier] = planted.units();
    expect(units!.site).toBe('units');
    expect(fourier).toMatchObject({ site: FOURIER_SITE, size: 2 * (p - 1), state: 'activation' });
    const states = (await planted.observe(oneHot([[3, 5]]), { sites: [FOURIER_SITE] })).states;
    expect(Object.keys(states)).toEqual([FOURIER_SITE]);
    const w = (2 * Math.PI) / p;
    // frequency 1: cos3w·cos5w, sin3w·sin5w, sin3w·cos5w, cos3w·sin5w
    expect(states[FOURIER_SITE]!.data[0]).toBeCloseTo(Math.cos(3 * w) * Math.cos(5 * w), 6);
    expect(states[FOURIER_SITE]!.data[3]).toBeCloseTo(Math.cos(3 * w) * Math.sin(5 * w), 6);
  });

  it('sends an intervention on the stage to the output: clamped to another pair, it answers that sum', async () => {
    const planted = new PlantedSubstrate({ noiseUnits: 2 });
    await planted.fit(task, { seed: 1 });
    const inputs = oneHot([
      [1, 2],
      [7, 9],
    ]);
    const stage = new FourierStage(p);
    const values = new Float32Array(stage.width);
    stage.write(4, 10, values, 0);
    const units = Array.from({ length: stage.width }, (_, i) => i);
    const out = await planted.intervene(inputs, { kind: 'clamp', site: FOURIER_SITE, units, values });
    const argmax = (r: number) => {
      const rowData = Array.from(out.data.subarray(r * p, (r + 1) * p));
      return rowData.indexOf(Math.max(...rowData));
    };
    expect([argmax(0), argmax(1)]).toEqual([14 % p, 14 % p]);
    // Ablating the stage leaves no evidence for any sum: every row reads the first, 0.
    const ablated = await planted.intervene(inputs, { kind: 'ablate', site: FOURIER_SITE, units });
    expect(Array.from(ablated.data.subarray(0, p)).indexOf(1)).toBe(0);
    // The latent site alone still works as before: a = 0 forced gives sum = b.
    const forced = await planted.intervene(inputs, {
      kind: 'clamp',
      site: 'units',
      units: Array.from({ length: p }, (_, i) => i),
      values: Float32Array.from({ length: p }, (_, i) => (i === 0 ? 1 : 0)),
    });
    expect(Array.from(forced.data.subarray(p, 2 * p)).indexOf(1)).toBe(9);
    // Both sites at once: the stage reads a as forced at the latent site, then its (nudged) units
    // give the sum, b.
    const nudge = new Float32Array(stage.width);
    nudge[0] = 1e-3;
    const both = await planted.intervene(inputs, [
      {
        kind: 'clamp',
        site: 'units',
        units: Array.from({ length: p }, (_, i) => i),
        values: Float32Array.from({ length: p }, (_, i) => (i === 0 ? 1 : 0)),
      },
      { kind: 'add', site: FOURIER_SITE, vector: nudge },
    ]);
    expect(Array.from(both.data.subarray(p, 2 * p)).indexOf(1)).toBe(9);
  });

  it('adds no stage on other domains', async () => {
    const planted = new PlantedSubstrate({ noiseUnits: 2 });
    await planted.fit(generateTask('boolean', { level: 1, seed: 2 }), { seed: 1 });
    expect(planted.units().map((g) => g.site)).toEqual(['units']);
  });
});
