import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

describe('Adam with decoupled weight decay', () => {
  it('takes a first step of rate·sign(g) plus rate·decay·param', () => {
    // After one step m̂ = g and v̂ = g², so the Adam part is rate·g/(|g| + ε).
    const params = Float64Array.from([2, -4, 3]);
    new Adam(3, 0.1).step(params, Float64Array.from([0.5, -2, 0]), 0.25);
    expect(params[0]).toBeCloseTo(2 - 0.1 - 0.1 * 0.25 * 2, 7);
    expect(params[1]).toBeCloseTo(-4 + 0.1 - 0.1 * 0.25 * -4, 7);
    expect(params[2]).toBeCloseTo(3 - 0.1 * 0.25 * 3, 12);
  });

  it('without decay, leaves a weight with zero gradient where it is', () => {
    const params = Float64Array.from([5]);
    new Adam(1, 0.1).step(params, new Float64Array(1));
    expect(params[0]).toBe(5);
  });
});
