import { describe, expect, it } from 'vitest';
import { decideVerdict, MAX_HALF_WIDTH, SMALLEST_EFFECT_OF_INTEREST, withinEquivalence } from './verdict.js';

describe('decideVerdict', () => {
  it('states the pre-registered constants', () => {
    expect(SMALLEST_EFFECT_OF_INTEREST).toBe(0.1);
    expect(MAX_HALF_WIDTH).toBe(0.08);
  });

  it('gives each of the four verdicts by where the interval lies', () => {
    expect(decideVerdict(0.3, [0.22, 0.38])).toEqual({
      verdict: 'supported',
      halfWidth: expect.closeTo(0.08),
    });
    expect(decideVerdict(-0.3, [-0.38, -0.22]).verdict).toBe('contradicted');
    expect(decideVerdict(0.01, [-0.05, 0.06])).toEqual({
      verdict: 'negligible',
      halfWidth: expect.closeTo(0.055),
    });
    expect(decideVerdict(0.05, [-0.03, 0.13])).toEqual({
      verdict: 'inconclusive',
      halfWidth: expect.closeTo(0.08),
    });
  });

  it('flags a wide inconclusive interval as underpowered and a small significant effect as below the SESOI', () => {
    expect(decideVerdict(0.05, [-0.2, 0.3])).toMatchObject({
      verdict: 'inconclusive',
      qualifier: 'underpowered',
    });
    expect(decideVerdict(0.04, [0.01, 0.07])).toMatchObject({
      verdict: 'supported',
      qualifier: 'below-sesoi',
    });
  });

  it('reads a claim that predicts a negative sign the other way round', () => {
    expect(decideVerdict(-0.2, [-0.3, -0.1], -1).verdict).toBe('supported');
    expect(decideVerdict(0.2, [0.1, 0.3], -1).verdict).toBe('contradicted');
  });

  it('is inconclusive without an interval', () => {
    expect(decideVerdict(0.3, [Number.NaN, Number.NaN])).toEqual({
      verdict: 'inconclusive',
      halfWidth: null,
    });
  });

  it('tests equivalence on the open band ±SESOI', () => {
    expect(withinEquivalence([-0.09, 0.09])).toBe(true);
    expect(withinEquivalence([-0.1, 0.05])).toBe(false);
    expect(withinEquivalence([null, null])).toBe(false);
  });
});
