import { describe, expect, it } from 'vitest';
import { generateTask } from '../registry.js';

describe('parity', () => {
  it('targets the XOR of the relevant bits, with the partial parities as latents (levels 1-3)', () => {
    for (const level of [1, 2, 3]) {
      const task = generateTask('parity', { level, seed: 5 });
      if (task.structure.domain !== 'parity') throw new Error('not a parity task');
      const { relevant, bits } = task.structure;
      expect(new Set(relevant).size).toBe(relevant.length);
      const { inputs, targets, latents } = task.test;
      for (let i = 0; i < inputs.rows; i++) {
        const chosen = relevant.map((b) => inputs.data[i * bits + b]!);
        expect(targets.data[i]).toBe(chosen.reduce((x, y) => x ^ y, 0));
        chosen.forEach((v, j) => {
          expect(latents[j]!.values[i]).toBe(v);
          if (j > 0)
            expect(latents[relevant.length + j - 1]!.values[i]).toBe(
              chosen.slice(0, j + 1).reduce((x, y) => x ^ y, 0),
            );
        });
      }
    }
  });

  it('propagates a forced bit through every later partial parity to the target', () => {
    const task = generateTask('parity', { level: 2, seed: 1 });
    const input = task.test.inputs.data.slice(0, task.test.inputs.cols);
    const plain = task.groundTruth(input);
    const flipped = task.groundTruth(input, new Map([[0, 1 - plain.latents[0]!]]));
    expect(flipped.targets[0]).toBe(1 - plain.targets[0]!);
  });

  it('is out of reach of a linear readout at every level (parity of two or more bits)', () => {
    for (const level of [1, 2, 3]) {
      const task = generateTask('parity', { level, seed: 0 });
      expect(task.trivial).toBe(false);
    }
  });
});
