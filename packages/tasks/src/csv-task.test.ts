import { isScrutableError, type LabelledSplit } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { taskToCsv } from './csv.js';
import { readTaskCsv } from './csv-task.js';
import { DOMAINS, generateTask } from './registry.js';

function expectSameSplit(a: LabelledSplit, b: LabelledSplit): void {
  expect(Array.from(b.inputs.data)).toEqual(Array.from(a.inputs.data));
  expect(Array.from(b.targets.data)).toEqual(Array.from(a.targets.data));
  expect(b.latents.map(({ name, kind, categories }) => ({ name, kind, categories }))).toEqual(
    a.latents.map(({ name, kind, categories }) => ({ name, kind, categories })),
  );
  b.latents.forEach((l, k) => {
    expect(Array.from(l.values)).toEqual(Array.from(a.latents[k]!.values));
  });
}

function errorOf(text: string): string {
  try {
    readTaskCsv(text, { name: 'bad.csv', seed: 0 });
  } catch (e) {
    expect(isScrutableError(e) && e.code).toBe('BAD_INPUT');
    return (e as Error).message;
  }
  throw new Error('read without error');
}

describe('readTaskCsv', () => {
  it('reads back every task family exactly: data, heads, latents, chance and linear baseline', () => {
    for (const { id } of DOMAINS) {
      const task = generateTask(id, { level: 1, seed: 4 });
      const read = readTaskCsv(taskToCsv(task, 'all'), { name: `${id}.csv`, seed: 0 });
      expect(read.heads).toEqual(task.heads);
      expect(read.inputNames).toEqual(task.inputNames);
      expectSameSplit(task.train, read.train);
      expectSameSplit(task.test, read.test);
      expect(read.chance).toBe(task.chance);
      expect(read.hasCausalModel).toBe(false);
    }
  });

  it('gives the same linear baseline as the task it was exported from, for the same seed', () => {
    const task = generateTask('yinyang', { level: 1, seed: 0 });
    const read = readTaskCsv(taskToCsv(task, 'all'), { name: 'yy.csv', seed: 0 });
    expect(read.linear).toBe(task.linear);
    expect(read.trivial).toBe(task.trivial);
  });

  it('has no causal model: groundTruth throws UNSUPPORTED saying why', () => {
    const task = generateTask('parity', { level: 1, seed: 0 });
    const read = readTaskCsv(taskToCsv(task, 'all'), { name: 'p.csv', seed: 0 });
    expect(() => read.groundTruth(new Float32Array(8))).toThrow(/no causal model/);
  });

  it('splits a file without a split column by the seed, a quarter for test, and infers kinds', () => {
    const task = generateTask('teacher', { level: 1, seed: 0 });
    const text = taskToCsv(task, 'train').replaceAll(/:(class|continuous)/g, '');
    const [a, b, c] = [0, 0, 1].map((seed) => readTaskCsv(text, { name: 't.csv', seed }));
    const rows = task.train.inputs.rows;
    expect(a!.test.inputs.rows).toBe(Math.round(rows * 0.25));
    expect(a!.train.inputs.rows + a!.test.inputs.rows).toBe(rows);
    expect(Array.from(b!.test.inputs.data)).toEqual(Array.from(a!.test.inputs.data));
    expect(Array.from(c!.test.inputs.data)).not.toEqual(Array.from(a!.test.inputs.data));
    expect(a!.heads).toEqual(task.heads);
    expect(a!.train.latents.every((l) => l.kind === 'continuous')).toBe(true);
  });

  it('names the row and the column of what is wrong', () => {
    const good =
      'split,in_x,in_y,target_c0:class,target_c1:class,latent_z:binary\ntrain,0,1,1,0,1\ntest,1,0,0,1,0\n';
    expect(readTaskCsv(good, { name: 'ok.csv', seed: 0 }).train.inputs.rows).toBe(1);
    expect(errorOf(good.replace('train,0,1', 'train,zero,1'))).toMatch(
      /bad\.csv: row 2, column 2 \(in_x\): 'zero' is not a finite number/,
    );
    expect(errorOf(good.replace('test,1,0,0,1,0', 'test,1,0,1,1,0'))).toMatch(
      /row 3, column 4 \(target_c0:class\): class head 'c' needs exactly one 1/,
    );
    expect(errorOf(good.replace('test,1,0,0,1,0', 'test,1,0,0,1,2'))).toMatch(
      /row 3, column 6 \(latent_z:binary\): .* 0 to 1, got 2/,
    );
    expect(errorOf(good.replace('test,1,0,0,1,0', 'valid,1,0,0,1,0'))).toMatch(
      /row 3, column 1 \(split\): split must be 'train' or 'test'/,
    );
    expect(errorOf(good.replace('test,1,0,0,1,0', 'test,1,0,0,1'))).toMatch(
      /row 3 has 5 fields, the header has 6/,
    );
    expect(errorOf(good.replace('in_y', 'why'))).toMatch(/row 1, column 3 \(why\)/);
    expect(errorOf(good.replace('target_c1:class', 'target_c2:class'))).toMatch(
      /row 1, column 5 .*expected target_c1/,
    );
    expect(errorOf(good.replace('latent_z:binary', 'latent_z:ordinal'))).toMatch(
      /row 1, column 6 .*latent kind/,
    );
    expect(errorOf('split,in_x,target_c0\ntrain,1,"0\n')).toMatch(/not readable as CSV/);
    expect(errorOf('split,in_x,target_c0\ntrain,1,0\n')).toMatch(/at least one train row and one test row/);
    expect(errorOf('in_x,latent_z\n1,0\n')).toMatch(/no target_ column/);
  });
});
