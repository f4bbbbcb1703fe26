import { describe, expect, it } from 'vitest';
import { glorotLayers } from './layers.js';
import { Rng } from './rng.js';

describe('glorotLayers', () => {
  it('draws weights within ±sqrt(6 / (from + to)), zero biases, reproducibly from the seed', () => {
    const layers = glorotLayers([5, 4, 3], new Rng(7));
    expect(layers.map((l) => [l.from, l.to, l.weights.length, l.biases.length])).toEqual([
      [5, 4, 20, 4],
      [4, 3, 12, 3],
    ]);
    for (const l of layers) {
      const limit = Math.sqrt(6 / (l.from + l.to));
      expect(l.weights.every((w) => Math.abs(w) <= limit)).toBe(true);
      expect(l.biases.every((b) => b === 0)).toBe(true);
    }
    expect(glorotLayers([5, 4, 3], new Rng(7))[1]!.weights).toEqual(layers[1]!.weights);
    expect(glorotLayers([5, 4, 3], new Rng(8))[1]!.weights).not.toEqual(layers[1]!.weights);
  });
});
