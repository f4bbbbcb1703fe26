import type { ClaimVerdict, ReadingCostRow } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { COST_FACTOR, claimOverall1a } from './overall.js';

function row(id: string, verdict: ClaimVerdict['verdict']): ClaimVerdict {
  return { id, statement: '', verdict, evidence: '' };
}

function cost(lo: number, hi: number): ReadingCostRow {
  return {
    family: 'decode',
    substrate: 'spiking-converted',
    simulatedMs: null,
    simulatedMsCi: [null, null],
    synapticEvents: null,
    synapticEventsCi: [null, null],
    ratioToOnePass: (lo + hi) / 2,
    ratioToOnePassCi: [lo, hi],
    tasks: [],
  };
}

const overall = (a: ClaimVerdict['verdict'], c: ClaimVerdict['verdict'], costs: ReadingCostRow[] = []) =>
  claimOverall1a([row('1a-A', a), row('1a-B', 'inconclusive'), row('1a-C', c)], costs).verdict;

describe('claim 1a from its contrasts, by the pre-registered rule', () => {
  it('follows 1a-C first', () => {
    expect(overall('negligible', 'supported')).toBe('supported');
    expect(overall('supported', 'contradicted')).toBe('contradicted');
  });

  it('is supported by 1a-A or by a reading cost above the factor when 1a-C is not contradicted', () => {
    expect(overall('supported', 'inconclusive')).toBe('supported');
    expect(overall('negligible', 'inconclusive', [cost(COST_FACTOR + 1, 40)])).toBe('supported');
    expect(overall('negligible', 'inconclusive', [cost(COST_FACTOR - 1, 40)])).toBe('inconclusive');
  });

  it('is contradicted only when both contrasts are negligible and reading is cheap', () => {
    expect(overall('negligible', 'negligible', [cost(1, COST_FACTOR - 1)])).toBe('contradicted');
    expect(overall('negligible', 'negligible')).toBe('inconclusive');
    expect(overall('negligible', 'negligible', [cost(1, COST_FACTOR + 1)])).toBe('inconclusive');
  });
});
