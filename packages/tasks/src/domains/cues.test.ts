import { describe, expect, it } from 'vitest';
import { generateTask } from '../registry.js';

describe('cues', () => {
  it('decides by the cues in the window after the start marker, counted independently from the inputs', () => {
    for (const level of [1, 2, 3]) {
      const task = generateTask('cues', { level, seed: 3 });
      if (task.structure.domain !== 'cues') throw new Error('not a cues task');
      const { bins, channels } = task.structure;
      const c = channels.length;
      const { inputs, targets, latents } = task.test;
      const window = [5, 7, 9][level - 1]!;
      for (let i = 0; i < inputs.rows; i++) {
        const on = (b: number, ch: number) => inputs.data[i * inputs.cols + b * c + ch]! === 1;
        const starts = Array.from({ length: bins }, (_, b) => b).filter((b) => on(b, 2));
        expect(starts).toHaveLength(1);
        const start = starts[0]!;
        let [left, right] = [0, 0];
        for (let b = 0; b < bins; b++) {
          // At most one cue per bin.
          expect(Number(on(b, 0)) + Number(on(b, 1))).toBeLessThanOrEqual(1);
          if (b > start && b <= start + window) {
            left += Number(on(b, 0));
            right += Number(on(b, 1));
          }
        }
        expect([latents[0]!.values[i], latents[1]!.values[i], latents[2]!.values[i]]).toEqual([
          start,
          left,
          right,
        ]);
        expect(targets.data[i]).toBe(right > left ? 1 : 0);
      }
    }
  });

  it('answers differently when only the marker moves: timing carries the answer', () => {
    const task = generateTask('cues', { level: 1, seed: 0 });
    let changed = 0;
    for (let i = 0; i < task.test.inputs.rows; i++) {
      const input = task.test.inputs.data.slice(i * task.test.inputs.cols, (i + 1) * task.test.inputs.cols);
      const truth = task.groundTruth(input);
      const moved = task.groundTruth(input, new Map([[0, 0]]));
      if (moved.targets[0] !== truth.targets[0]) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('is not solved by a linear readout of the bins at levels 1-3', () => {
    for (const level of [1, 2, 3]) expect(generateTask('cues', { level, seed: 0 }).trivial).toBe(false);
  });
});
