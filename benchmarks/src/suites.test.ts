import { describe, expect, it } from 'vitest';
import { loadSuites } from './load-suites.js';
import { markdownTable, summarise } from './results-file.js';
import { median, relativeSpread } from './stats.js';

describe('benchmark statistics', () => {
  it('computes the median and relative spread', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(relativeSpread([10, 10, 12])).toBeCloseTo(0);
    expect(relativeSpread([8, 10, 12])).toBeCloseTo(0.2);
  });

  it('judges targets on the median', () => {
    const r = summarise({
      benchmark: 'b',
      metric: 'm',
      unit: 'u',
      samples: [5, 20, 30],
      target: { op: '>=', value: 10 },
    });
    expect(r.meetsTarget).toBe(true);
    expect(markdownTable([r])).toContain('>= 10 met');
  });
});

// Each suite runs once at its tiny size so it cannot rot; the figures are not judged here.
const suites = await loadSuites();
describe.each(suites.map((s) => [s.name, s] as const))('suite %s at tiny size', (_name, suite) => {
  it('produces well-formed records', async () => {
    const records = await suite.run({ size: 'tiny', repeats: 1, log: () => {} });
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.samples.length).toBeGreaterThan(0);
      for (const s of r.samples) expect(Number.isFinite(s) && s >= 0).toBe(true);
    }
  }, 300_000);
});
