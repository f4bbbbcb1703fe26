import { argmaxRow } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../registry.js';

describe('teacher', () => {
  it("labels every example with its teacher's class, recomputed from the structure's weights", () => {
    for (const level of [1, 3]) {
      const task = generateTask('teacher', { level, seed: 2 });
      if (task.structure.domain !== 'teacher') throw new Error('not a teacher task');
      const { inputs: d, hidden: h, classes: k, w1, b1, w2 } = task.structure;
      const { inputs, targets, latents } = task.train;
      for (let i = 0; i < inputs.rows; i++) {
        const units = Array.from({ length: h }, (_, j) => {
          let pre = b1[j]!;
          for (let x = 0; x < d; x++) pre += w1[j * d + x]! * inputs.data[i * d + x]!;
          return Math.tanh(pre);
        });
        units.forEach((u, j) => {
          expect(latents[j]!.values[i]).toBeCloseTo(u, 5);
        });
        const scores = Array.from({ length: k }, (_, c) =>
          units.reduce((s, u, j) => s + w2[c * h + j]! * u, 0),
        );
        expect(argmaxRow(targets, i)).toBe(scores.indexOf(Math.max(...scores)));
      }
    }
  });

  it('has saturated hidden units: most values lie beyond ±0.9', () => {
    const task = generateTask('teacher', { level: 2, seed: 0 });
    const values = task.train.latents.flatMap((l) => Array.from(l.values));
    expect(values.filter((v) => Math.abs(v) > 0.9).length / values.length).toBeGreaterThan(0.5);
  });

  it('is not solved by a linear readout at levels 1-3', () => {
    for (const level of [1, 2, 3]) expect(generateTask('teacher', { level, seed: 0 }).trivial).toBe(false);
  });
});
