import { describe, expect, it } from 'vitest';
import { generateTask, SHAPE_NAMES } from '../index.js';
import type { DomainStructure, TaskInstance } from '../types.js';

type ShapesStructure = Extract<DomainStructure, { domain: 'shapes' }>;

function structureOf(task: TaskInstance): ShapesStructure {
  if (task.structure.domain !== 'shapes') throw new Error('not a shapes task');
  return task.structure;
}

function argmax(values: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}

/** Pixel count of each shape drawn in a full s x s box, by counting rules written out here. */
const FULL_BOX_COUNTS: Record<string, (s: number) => number> = {
  square: (s) => s * s,
  ring: (s) => 4 * s - 4,
  plus: (s) => 2 * s - 1,
  x: (s) => 2 * s - (s % 2),
};

describe('shapes', () => {
  for (const level of [1, 3, 5]) {
    const task = generateTask('shapes', { level, seed: 17 });
    const g = structureOf(task);
    const pixels = g.width * g.height;
    const test = task.test;
    const byName = Object.fromEntries(test.latents.map((l) => [l.name, l.values]));

    it(`level ${level}: masks sit where the latents put the shape, and the target is the shape`, () => {
      expect(g.masks).toHaveLength(test.inputs.rows * pixels);
      const classes = new Set<number>();
      for (let i = 0; i < test.inputs.rows; i++) {
        const shape = byName['shape']![i]!;
        classes.add(shape);
        expect(argmax(test.targets.data, i * task.heads[0]!.size, task.heads[0]!.size)).toBe(shape);
        const name = SHAPE_NAMES[shape]!;
        const s = byName['size']![i]!;
        const on: number[] = [];
        for (let px = 0; px < pixels; px++) if (g.masks[i * pixels + px]) on.push(px);
        const xs = on.map((px) => px % g.width);
        const ys = on.map((px) => Math.floor(px / g.width));
        // Every shape lies inside its box, centred on (pos_x, pos_y).
        const [cx, cy] = [byName['pos_x']![i]!, byName['pos_y']![i]!];
        expect(Math.min(...xs)).toBeGreaterThanOrEqual(cx - (s - 1) / 2);
        expect(Math.max(...xs)).toBeLessThanOrEqual(cx + (s - 1) / 2);
        expect(Math.min(...ys)).toBeGreaterThanOrEqual(cy - (s - 1) / 2);
        expect(Math.max(...ys)).toBeLessThanOrEqual(cy + (s - 1) / 2);
        const count = FULL_BOX_COUNTS[name];
        if (count) {
          expect(on).toHaveLength(count(s));
          expect([Math.min(...xs), Math.max(...xs)]).toEqual([cx - (s - 1) / 2, cx + (s - 1) / 2]);
        }
      }
      expect(classes.size).toBe(task.heads[0]!.size);
    });

    it(`level ${level}: images are brighter inside the mask than outside`, () => {
      let inside = 0;
      let outside = 0;
      let nIn = 0;
      expect(test.inputs.data.every((v) => v >= 0 && v <= 1)).toBe(true);
      for (let k = 0; k < g.masks.length; k++) {
        const v = test.inputs.data[k]!;
        if (g.masks[k]) [inside, nIn] = [inside + v, nIn + 1];
        else outside += v;
      }
      expect(inside / nIn - outside / (g.masks.length - nIn)).toBeGreaterThan(0.4);
    });

    it(`level ${level}: recovers shape, position and size from a clean image of the mask`, () => {
      for (let i = 0; i < Math.min(60, test.inputs.rows); i++) {
        const clean = Float32Array.from(g.masks.subarray(i * pixels, (i + 1) * pixels));
        const truth = task.groundTruth(clean);
        expect(Array.from(truth.latents)).toEqual(test.latents.map((l) => l.values[i]));
        const forcedShape = (byName['shape']![i]! + 1) % task.heads[0]!.size;
        const forced = task.groundTruth(clean, new Map([[0, forcedShape]]));
        expect(argmax(forced.targets, 0, task.heads[0]!.size)).toBe(forcedShape);
      }
    });
  }

  it('keeps level 1 clean: binary-ish pixels, one size, three classes', () => {
    const task = generateTask('shapes', { level: 1, seed: 1 });
    const values = task.train.inputs.data;
    const middling = values.filter((v) => v > 0.25 && v < 0.75).length;
    expect(middling / values.length).toBeLessThan(0.01);
    expect(new Set(task.train.latents[3]!.values).size).toBe(1);
    expect(task.heads[0]!.size).toBe(3);
  });
});
