import { describe, expect, it } from 'vitest';
import { WINDOWS_MS } from './families/observe.js';
import { familyReadingCost } from './family-reading-cost.js';
import type { ReadingBudget, ReadingCost } from './types.js';

const budgetAt = (windowMs: number): ReadingBudget => ({
  forwardPasses: 1,
  simulatedMs: windowMs,
  synapticEvents: 7 * windowMs,
});
const timedSweep: ReadingCost = {
  family: 'decode',
  scores: WINDOWS_MS.map(() => 0.5),
  budgets: WINDOWS_MS.map(budgetAt),
  asymptote: 0.5,
  budget: budgetAt(10),
  windowMs: 10,
};
const onePass: ReadingCost = {
  family: 'decode',
  scores: [0.5],
  budgets: [{ forwardPasses: 1, simulatedMs: 0, synapticEvents: 1152 }],
  asymptote: 0.5,
  budget: { forwardPasses: 1, simulatedMs: 0, synapticEvents: 1152 },
  windowMs: null,
};

describe('familyReadingCost', () => {
  it('finds the first window whose planted score reaches 90% of the asymptote, and tries no longer one', async () => {
    const planted: Record<number, number> = { 10: 0.1, 30: 0.5, 100: 0.73, 300: 0.8 };
    const tried: number[] = [];
    const cost = await familyReadingCost('steer', 0.8, timedSweep, async (w) => {
      tried.push(w);
      return planted[w]!;
    });
    // 0.73 >= 0.9 * 0.8 = 0.72: reached at 100 ms
    expect(tried).toEqual([10, 30, 100]);
    expect(cost.windowMs).toBe(100);
    expect(cost.budget).toEqual(budgetAt(100));
    expect(cost.scores).toEqual([0.1, 0.5, 0.73, 0.8]);
    expect(cost.budgets).toEqual([budgetAt(10), budgetAt(30), budgetAt(100), budgetAt(1000)]);
  });

  it('charges the asymptotic window when no shorter one reaches 90%', async () => {
    const cost = await familyReadingCost('ablate', 0.6, timedSweep, async () => 0.3);
    expect(cost.windowMs).toBe(1000);
    expect(cost.budget).toEqual(budgetAt(1000));
    expect(cost.scores).toHaveLength(WINDOWS_MS.length);
  });

  it('has no budget below the decodable floor, and reads nothing more to say so', async () => {
    let calls = 0;
    const cost = await familyReadingCost('localize', 0.1, timedSweep, async () => {
      calls++;
      return 0.1;
    });
    expect(calls).toBe(0);
    expect(cost.budget).toBeNull();
  });

  it('costs one pass on a substrate that does not run in time', async () => {
    let calls = 0;
    const cost = await familyReadingCost('mechanism', 0.7, onePass, async () => {
      calls++;
      return 0;
    });
    expect(calls).toBe(0);
    expect(cost.budget).toEqual(onePass.budgets[0]);
    expect(cost.windowMs).toBeNull();
  });
});
