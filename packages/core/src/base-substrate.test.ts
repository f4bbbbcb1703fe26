import { describe, expect, it } from 'vitest';
import { BaseSubstrate, validateDataset } from './base-substrate.js';
import type { Dataset } from './dataset.js';
import { isScrutableError } from './errors.js';
import { type Matrix, matrix } from './matrix.js';
import { accuracy } from './scoring.js';
import type { Capability, FitOptions, FitReport, SubstrateInfo, UnitGroup } from './substrate.js';

const dataset = (targetsCols: number, nan = false): Dataset => {
  const inputs = matrix(2, 2, [0, 1, 1, nan ? Number.NaN : 0]);
  return {
    name: 't',
    inputNames: ['a', 'b'],
    heads: [{ name: 'y', kind: 'class', size: 2 }],
    train: { inputs, targets: matrix(2, targetsCols) },
    test: { inputs, targets: matrix(2, targetsCols) },
  };
};

describe('validateDataset', () => {
  it('accepts a well-formed dataset', () => {
    expect(() => validateDataset(dataset(2))).not.toThrow();
  });
  it('rejects targets that do not match the heads, and NaN inputs, with BAD_INPUT', () => {
    for (const bad of [dataset(3), dataset(2, true)]) {
      try {
        validateDataset(bad);
        expect.unreachable();
      } catch (e) {
        expect(isScrutableError(e, 'BAD_INPUT')).toBe(true);
      }
    }
  });
});

describe('accuracy', () => {
  it('averages argmax agreement for class heads and thresholded bits for binary heads', () => {
    const heads = [
      { name: 'c', kind: 'class', size: 2 },
      { name: 'b', kind: 'binary', size: 1 },
    ] as const;
    const outputs = matrix(2, 3, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2]);
    const targets = matrix(2, 3, [1, 0, 1, 1, 0, 1]);
    // class: row0 right, row1 wrong; binary: row0 right, row1 wrong
    expect(accuracy(outputs, targets, heads)).toBeCloseTo(0.5);
  });
});

/** A substrate that records the budgets its training hook was called with. */
class Recorder extends BaseSubstrate {
  readonly info: SubstrateInfo = { id: 'recorder', family: 'test', synchronous: true, description: '' };
  readonly capabilities: ReadonlySet<Capability> = new Set();
  readonly budgets: FitOptions['budget'][] = [];
  protected async _fit(_dataset: Dataset, options: FitOptions): Promise<FitReport> {
    this.budgets.push(options.budget);
    return { epochs: options.budget?.epochs ?? 1, wallMs: 0 };
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return matrix(inputs.rows, 2);
  }
  protected _units(): UnitGroup[] {
    return [];
  }
}

describe('BaseSubstrate.fit budget', () => {
  it.each([
    { epochs: -2 },
    { epochs: 1.5 },
    { epochs: Number.NaN },
    { epochs: Number.POSITIVE_INFINITY },
    { epochs: '3' },
    { wallMs: 1000 }, // a wall-clock cap is not a budget: it would make results depend on the machine
    { epochs: 2, wallMs: 1000 },
    { wallMs: 0 },
    { wallMs: -5 },
    { wallMs: Number.NaN },
    { wallMs: Number.POSITIVE_INFINITY },
    { wallMs: '100' },
    null,
    5,
  ])('refuses budget %s with BAD_INPUT before training', async (budget) => {
    const s = new Recorder();
    const error = await s
      .fit(dataset(2), { seed: 1, budget: budget as unknown as FitOptions['budget'] })
      .catch((e: unknown) => e);
    expect(isScrutableError(error, 'BAD_INPUT')).toBe(true);
    expect(s.budgets).toEqual([]);
    expect(s.fitted).toBe(false);
  });

  it.each([undefined, {}, { epochs: 0 }, { epochs: 3 }])('accepts budget %j', async (budget) => {
    const s = new Recorder();
    await s.fit(dataset(2), { seed: 1, ...(budget ? { budget } : {}) });
    expect(s.budgets).toEqual([budget]);
    expect(s.fitted).toBe(true);
  });
});

describe('BaseSubstrate.fit with an aborted signal', () => {
  it('rejects with AbortError before training, leaving a fitted substrate fitted', async () => {
    const s = new Recorder();
    await s.fit(dataset(2), { seed: 1 });
    const controller = new AbortController();
    controller.abort();
    const error = await s.fit(dataset(2), { seed: 2, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(s.budgets).toHaveLength(1);
    expect(s.fitted).toBe(true);
  });
});
