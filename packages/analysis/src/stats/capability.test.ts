import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { capabilityFloor, countsForVerdicts, levelCapabilities, levelKey } from './capability.js';

function cell(
  substrate: string,
  seed: number,
  test: number,
  extra: Partial<NonNullable<CellResult['capability']>> = {},
): CellResult {
  return {
    id: `${substrate}/${seed}`,
    substrate,
    task: 'boolean',
    level: 1,
    seed,
    status: 'ok',
    capability: { metric: 'accuracy', train: 1, test, chance: 0.5, ...extra },
  };
}

describe('capabilityFloor', () => {
  it('is the larger of the chance-based and the linear-based floors', () => {
    expect(capabilityFloor(0.5)).toBeCloseTo(0.9);
    expect(capabilityFloor(0.5, 0.6)).toBeCloseTo(0.9);
    expect(capabilityFloor(0.5, 0.9)).toBeCloseTo(0.95);
    // the review's worked example: boolean L1, chance .623, linear .857 -> about 0.93
    expect(capabilityFloor(0.623, 0.857)).toBeCloseTo(0.9285, 3);
  });
});

describe('levelCapabilities', () => {
  it('decides on the mean over seeds, not on each seed', () => {
    const caps = levelCapabilities([cell('a', 0, 0.95), cell('a', 1, 0.87)]);
    const a = caps.get('a|boolean|1')!;
    expect(a.accuracy).toBeCloseTo(0.91);
    expect(a.capable).toBe(true);
    expect(a.seeds).toBe(2);
    const b = levelCapabilities([cell('b', 0, 0.95), cell('b', 1, 0.83)]).get('b|boolean|1')!;
    expect(b.capable).toBe(false);
  });

  it('marks a level trivial when the linear baseline reaches the chance-based floor', () => {
    const linear = levelCapabilities([cell('a', 0, 1, { linear: 0.95 })]).get('a|boolean|1')!;
    expect(linear.trivial).toBe(true);
    expect(countsForVerdicts(cell('a', 0, 1), new Map([[levelKey(cell('a', 0, 1)), linear]]))).toBe(false);
    const flagged = levelCapabilities([cell('a', 0, 1, { trivial: true })]).get('a|boolean|1')!;
    expect(flagged.trivial).toBe(true);
    const hard = levelCapabilities([cell('a', 0, 1, { linear: 0.7 })]).get('a|boolean|1')!;
    expect(hard.trivial).toBe(false);
    expect(hard.floor).toBeCloseTo(0.9);
  });

  it('leaves out unfinished cells', () => {
    expect(levelCapabilities([{ ...cell('a', 0, 1), status: 'failed' }]).size).toBe(0);
  });
});
