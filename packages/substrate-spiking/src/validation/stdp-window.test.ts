import { describe, expect, it } from 'vitest';
import { expectedStdp, measureStdpWindow } from './stdp-window.js';

describe('STDP window', () => {
  it('matches A+·e^(−Δt/τ+) and −A−·e^(Δt/τ−) within 2% from −100 to +100 ms', () => {
    const result = measureStdpWindow({ aPlus: 0.008, aMinus: 0.006, tauPlusMs: 17, tauMinusMs: 34 });
    expect(result.points.length).toBeGreaterThan(20);
    for (const p of result.points) {
      const closedForm = p.dtMs > 0 ? 0.008 * Math.exp(-p.dtMs / 17) : -0.006 * Math.exp(p.dtMs / 34);
      expect(p.expected).toBeCloseTo(closedForm, 12);
      expect(Math.abs(p.measured - closedForm)).toBeLessThanOrEqual(0.02 * Math.abs(closedForm));
    }
    expect(expectedStdp(result.rule, 10)).toBeGreaterThan(0);
  });
});
