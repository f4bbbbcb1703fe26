import { describe, expect, it } from 'vitest';
import { gatherShowcase } from './showcase.js';

describe('gatherShowcase', () => {
  it('collects every gridworld and spectrum, one rule text per substrate and task, and the first weights', () => {
    const weights = (name: string) => ({ name, rows: 1, cols: 2, values: [1, 2] });
    const gathered = gatherShowcase([
      {
        substrate: 'a',
        task: 'gridworld',
        level: 1,
        seed: 0,
        showcase: { gridworld: { beforeSvg: '<svg/>' } },
      },
      {
        substrate: 'b',
        task: 'modadd',
        level: 1,
        seed: 0,
        showcase: { fourier: [1], weights: weights('w-b') },
      },
      {
        substrate: 'dense',
        task: 'modadd',
        level: 1,
        seed: 0,
        showcase: { fourier: [0.5, 0.5], weights: weights('w-d') },
      },
      { substrate: 'sym', task: 'boolean', level: 1, seed: 0, showcase: { rules: 'r1' } },
      { substrate: 'sym', task: 'boolean', level: 2, seed: 0, showcase: { rules: 'r2' } },
      { substrate: 'c', task: 'boolean', level: 1, seed: 0 },
    ]);
    expect(gathered.gridworld?.map((g) => g.substrate)).toEqual(['a']);
    expect(gathered.fourier?.map((f) => f.substrate)).toEqual(['b', 'dense']);
    expect(gathered.rules?.map((r) => r.text)).toEqual(['r1']);
    expect(gathered.weights?.name).toBe('w-b');
    expect(gathered.raster).toBeUndefined();
  });
});
