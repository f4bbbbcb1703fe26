import { isScrutableError, type LabelledSplit, outputWidth, validateDataset } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { DOMAINS, generateTask } from './index.js';
import type { TaskInstance } from './types.js';

const LEVELS = [1, 2, 3, 4, 5] as const;

/** The raw bytes of every array of a split, for byte-identical comparison. */
function splitBytes(split: LabelledSplit): Buffer {
  const arrays = [split.inputs.data, split.targets.data, ...split.latents.map((l) => l.values)];
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

function rowKeys(split: LabelledSplit): string[] {
  const { rows, cols, data } = split.inputs;
  return Array.from({ length: rows }, (_, i) => data.subarray(i * cols, (i + 1) * cols).join(','));
}

function expectError(f: () => unknown, code: string, mentions: readonly string[]): void {
  try {
    f();
    expect.unreachable('should have thrown');
  } catch (e) {
    expect(isScrutableError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    for (const m of mentions) expect((e as Error).message).toContain(m);
  }
}

describe('generateTask, for every domain and level', () => {
  for (const domain of DOMAINS) {
    describe(domain.id, () => {
      const tasks = LEVELS.map((level) => generateTask(domain.id, { level, seed: 7 }));

      it('is a well-formed dataset with one latent column per example', () => {
        for (const task of tasks) {
          expect(() => validateDataset(task)).not.toThrow();
          expect(task.name).toBe(`${domain.id}/L${task.level}/s7`);
          expect(task.inputNames).toHaveLength(task.train.inputs.cols);
          for (const split of [task.train, task.test]) {
            expect(split.inputs.rows).toBeGreaterThan(0);
            expect(split.targets.cols).toBe(outputWidth(task.heads));
            expect(split.latents.map((l) => l.name)).toEqual(task.train.latents.map((l) => l.name));
            for (const latent of split.latents) {
              expect(latent.values).toHaveLength(split.inputs.rows);
              if (latent.kind !== 'continuous') {
                const valid = (v: number) => Number.isInteger(v) && v >= 0 && v < latent.categories!;
                expect(latent.values.every(valid)).toBe(true);
              }
            }
          }
        }
        expect(tasks[0]!.train.latents.map((l) => l.name)).toEqual(domain.latents);
      });

      it('sizes levels 1-2 in the hundreds to thousands of examples, growing with the level', () => {
        const sizes = tasks.map((t) => t.train.inputs.rows + t.test.inputs.rows);
        expect(sizes[0]).toBeGreaterThanOrEqual(domain.id === 'modadd' ? 49 : 192);
        expect(sizes[1]).toBeLessThanOrEqual(5000);
        for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThan(sizes[i - 1]!);
      });

      it('has a complexity that strictly increases with the level', () => {
        for (let i = 1; i < tasks.length; i++)
          expect(tasks[i]!.complexity).toBeGreaterThan(tasks[i - 1]!.complexity);
      });

      it('gives byte-identical data for the same seed and different data for another seed', () => {
        for (const level of [1, 3]) {
          const [a, b, c] = [7, 7, 8].map((seed) => generateTask(domain.id, { level, seed }));
          expect(splitBytes(a!.train).equals(splitBytes(b!.train))).toBe(true);
          expect(splitBytes(a!.test).equals(splitBytes(b!.test))).toBe(true);
          expect(splitBytes(a!.train).equals(splitBytes(c!.train))).toBe(false);
        }
      });

      it('states chance as the best constant guess on the test split', () => {
        for (const task of tasks) {
          // Brute force over every constant output the heads allow (one class, or one bit pattern).
          const head = task.heads[0]!;
          const { rows, data } = task.test.targets;
          let best = 0;
          if (head.kind === 'class') {
            for (let c = 0; c < head.size; c++) {
              let hits = 0;
              for (let i = 0; i < rows; i++) hits += data[i * head.size + c] === 1 ? 1 : 0;
              best = Math.max(best, hits / rows);
            }
          } else {
            for (let pattern = 0; pattern < 2 ** head.size; pattern++) {
              let hits = 0;
              for (let i = 0; i < rows; i++)
                for (let j = 0; j < head.size; j++)
                  hits += data[i * head.size + j] === ((pattern >> j) & 1) ? 1 : 0;
              best = Math.max(best, hits / (rows * head.size));
            }
          }
          expect(task.chance).toBeCloseTo(best, 10);
        }
      });

      it('has a ground truth that reproduces every latent (and target) of the data', () => {
        for (const task of tasks.slice(0, 3)) checkGroundTruth(task);
      });
    });
  }
});

/** groundTruth on each data row gives back that row's latents and targets. */
function checkGroundTruth(task: TaskInstance): void {
  for (const split of [task.train, task.test]) {
    for (let i = 0; i < split.inputs.rows; i++) {
      const input = split.inputs.data.slice(i * split.inputs.cols, (i + 1) * split.inputs.cols);
      const truth = task.groundTruth(input);
      const expected = Float32Array.from(split.latents, (l) => l.values[i]!);
      expect(Array.from(truth.latents)).toEqual(Array.from(expected));
      expect(Array.from(truth.targets)).toEqual(
        Array.from(split.targets.data.subarray(i * split.targets.cols, (i + 1) * split.targets.cols)),
      );
    }
  }
}

describe('train and test', () => {
  /** Rows of `split` repeating an earlier row of the split, plus rows also in `other`. */
  const leaks = (task: TaskInstance): { withinTrain: number; withinTest: number; across: number } => {
    const train = rowKeys(task.train);
    const test = rowKeys(task.test);
    const trainSet = new Set(train);
    return {
      withinTrain: train.length - trainSet.size,
      withinTest: test.length - new Set(test).size,
      across: test.filter((k) => trainSet.has(k)).length,
    };
  };
  const none = { withinTrain: 0, withinTest: 0, across: 0 };

  it('never repeat an input row, within or across the split, in the finite domains', () => {
    for (const domain of ['boolean', 'modadd', 'facts', 'gridworld', 'parity', 'cues'] as const) {
      for (const level of LEVELS) expect(leaks(generateTask(domain, { level, seed: 3 }))).toEqual(none);
      // Level 1 has the fewest distinct inputs (gridworld's 5 x 5 grid has few distinct mazes).
      for (let seed = 0; seed < 50; seed++) {
        const found = leaks(generateTask(domain, { level: 1, seed }));
        expect({ domain, seed, ...found }).toEqual({ domain, seed, ...none });
      }
    }
  });
});

describe('bad requests', () => {
  it('names the valid domains for an unknown one', () => {
    expectError(() => generateTask('bolean', { level: 1, seed: 0 }), 'UNKNOWN_NAME', [
      "did you mean 'boolean'",
      ...DOMAINS.map((d) => d.id),
    ]);
  });

  it('names the valid level range for a level out of range or not an integer', () => {
    for (const level of [0, 6, 2.5, Number.NaN]) {
      expectError(() => generateTask('modadd', { level, seed: 0 }), 'BAD_CONFIG', ['1 to 5']);
    }
    expectError(() => generateTask('modadd', { level: 1, seed: -1 }), 'BAD_CONFIG', ['seed']);
  });

  it('rejects a ground-truth input of the wrong width and an override of no latent', () => {
    const task = generateTask('boolean', { level: 1, seed: 0 });
    expectError(() => task.groundTruth(new Float32Array(3)), 'BAD_INPUT', ['8 values']);
    const input = task.train.inputs.data.slice(0, task.train.inputs.cols);
    expectError(() => task.groundTruth(input, new Map([[99, 1]])), 'BAD_INPUT', ['latent index']);
    expectError(() => task.groundTruth(input, new Map([[0, Number.NaN]])), 'BAD_INPUT', ['finite']);
  });
});
