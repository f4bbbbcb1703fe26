import { describe, expect, it } from 'vitest';
import { wtaRateChecks } from './checks.js';
import { hebbianStep } from './hebbian.js';

describe('wta-rate self-checks', () => {
  it('pass, with the measurements they held', async () => {
    const checks = await wtaRateChecks({ quick: true });
    expect(checks).toHaveLength(2);
    for (const c of checks) expect(c.passed, `${c.name}: ${JSON.stringify(c.observed)}`).toBe(true);
  });

  it('the fixed-point check would catch a rule without the decay term', () => {
    // Plain Hebbian growth (no −I·W term): the weights grow without bound instead of reaching v / |v|.
    const v = Float64Array.from([0.2, 0.5, 0.9]);
    const w = Float64Array.from([0.1, 0.1, 0.1]);
    for (let t = 0; t < 200; t++) for (let i = 0; i < 3; i++) w[i]! += 0.05 * v[i]!;
    expect(Math.hypot(...w)).toBeGreaterThan(2);
    const rule = Float64Array.from([0.1, 0.1, 0.1]);
    for (let t = 0; t < 2000; t++) hebbianStep(rule, 1, v, 3, 0.05 * (1 - t / 2000), 0, 2);
    expect(Math.hypot(...rule)).toBeCloseTo(1, 2);
  });

  it('the anti-Hebbian push moves the runner-up away from the input', () => {
    // Two units, unit 0 wins; with anti = 1 the runner-up's change is the negated rule.
    const w = Float64Array.from([1, 0, 0.5, 0.5]);
    const v = Float64Array.from([1, 0]);
    hebbianStep(w, 2, v, 2, 1, 1, 2);
    // Winner: v − I·w = [1 − 1, 0] = 0; runner-up: −(v − 0.5·[0.5, 0.5]) = [−0.75, 0.25]; scaled by 0.75.
    expect(Array.from(w)).toEqual([1, 0, 0.5 - 1, 0.5 + 1 / 3]);
  });
});
