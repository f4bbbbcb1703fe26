import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { readingCostTable } from './reading-cost.js';
import type { ReportResults } from './tables.js';

const budget = (simulatedMs: number) => ({ forwardPasses: 0, simulatedMs, synapticEvents: 10 * simulatedMs });

function cell(seed: number, reached: number | null): CellResult {
  return {
    id: `s${seed}`,
    substrate: 'spiking',
    task: 'boolean',
    level: 1,
    seed,
    status: 'ok',
    readingCost: [
      {
        family: 'decode',
        scores: [0.1, 0.5],
        budgets: [budget(10), budget(300)],
        asymptote: reached === null ? 0.1 : 0.5,
        budget: reached === null ? null : budget(reached),
        windowMs: reached,
      },
    ],
  };
}

describe('readingCostTable', () => {
  it('gives the median budget over the cells that reach a decodable asymptote, and how many did', () => {
    const results = {
      schemaVersion: 1,
      suite: 't',
      createdAt: '2026-12-07T00:00:00Z',
      environment: { node: '20', platform: 'linux', cpus: 2, packages: {} },
      config: {},
      cells: [cell(0, 30), cell(1, 100), cell(2, 300), cell(3, null)],
      summary: { substrates: [], claims: [] },
    } as ReportResults;
    const table = readingCostTable(results)!;
    expect(table.rows).toHaveLength(1);
    const [substrate, family, passes, ms, events, reached] = table.rows[0]!;
    expect([substrate, family, passes, reached]).toEqual(['spiking', 'decode', '0.00', '3 of 4']);
    expect(Number(ms)).toBe(100);
    expect(Number(events)).toBe(1000);
  });

  it('is absent when no cell measured its reading cost', () => {
    const results = { cells: [], summary: { substrates: [], claims: [] } } as unknown as ReportResults;
    expect(readingCostTable(results)).toBeNull();
  });
});
