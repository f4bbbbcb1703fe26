import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import type { SubstrateRoles } from './cells.js';
import { sanityChecks } from './sanity.js';

const roles: SubstrateRoles = {
  dense: { family: 'dense', synchronous: true },
  planted: { family: 'control', synchronous: true },
  scrambled: { family: 'control', synchronous: true },
  untrained: { family: 'control', synchronous: true },
};

const cell = (
  substrate: string,
  seed: number,
  metrics: Record<string, number | null>,
  index: number | null,
): CellResult => ({
  id: `${substrate}-${seed}`,
  substrate,
  task: 'boolean',
  level: 1,
  seed,
  status: 'ok',
  metrics,
  index,
});

describe('sanityChecks', () => {
  it('passes a planted control that scores high everywhere and fails the family that does not', () => {
    const cells = [0, 1].map((seed) =>
      cell(
        'planted',
        seed,
        {
          'decode.selectivity': 0.95,
          'localize.k1': 1,
          'localize.k4': 0.9,
          'ablate.cause': seed ? 0.6 : 0.8,
          'edit.score': 0.92,
          'edit.efficacy': 0.1,
          'steer.success': null,
        },
        0.9,
      ),
    );
    const checks = sanityChecks(cells, roles);
    const by = Object.fromEntries(checks.map((c) => [c.family, c]));
    expect(by['decode']!.pass).toBe(true);
    expect(by['localize']!.observed).toBeCloseTo(0.95, 6);
    expect(by['ablate']!.observed).toBeCloseTo(0.7, 6);
    expect(by['ablate']!.pass).toBe(false);
    // a family's combined score wins over its parts
    expect(by['edit']!.observed).toBeCloseTo(0.92, 6);
    // families with no defined score are left out, not passed
    expect(by['steer']).toBeUndefined();
    const nullScore = sanityChecks(
      [cell('planted', 0, { 'edit.score': null, 'edit.efficacy': 1 }, 0.9)],
      roles,
    );
    expect(nullScore.find((c) => c.family === 'edit')).toBeUndefined();
    expect(by['index']!.pass).toBe(true);
  });

  it('bounds the untrained control from above, leaving observe out by default', () => {
    const checks = sanityChecks(
      [
        cell(
          'untrained',
          0,
          { 'decode.selectivity': 0.05, 'observe.stability': 1, 'describe.fidelity': 0.4 },
          0.3,
        ),
      ],
      roles,
    );
    const by = Object.fromEntries(checks.map((c) => [c.family, c]));
    expect(by['decode']!.pass).toBe(true);
    expect(by['describe']!.pass).toBe(false);
    expect(by['observe']).toBeUndefined();
    // the index over the checked families: mean of decode 0.05 and describe 0.4
    expect(by['index']!.observed).toBeCloseTo(0.225, 6);
    expect(by['index']!.pass).toBe(false);
  });

  it('bounds an untrained control on decode by its gain over the untrained architecture, not by selectivity', () => {
    // Random features decode what the input lacks (selectivity 0.3); what was learned is the gain.
    const untrained = (gain: number) =>
      sanityChecks([cell('untrained', 0, { 'decode.selectivity': 0.3, 'decode.gain': gain }, 0.3)], roles);
    const decode = untrained(0).find((c) => c.family === 'decode')!;
    expect(decode.observed).toBe(0);
    expect(decode.pass).toBe(true);
    expect(decode.expected).toContain('decode.gain');
    expect(untrained(0).find((c) => c.family === 'index')!.observed).toBe(0);
    // a control that learned something is caught: its gain over the untrained twin is large
    const learned = untrained(0.6).find((c) => c.family === 'decode')!;
    expect(learned.pass).toBe(false);
    // without a twin there is no gain, and selectivity is bounded instead
    const noTwin = sanityChecks([cell('untrained', 0, { 'decode.selectivity': 0.3 }, 0.3)], roles);
    expect(noTwin.find((c) => c.family === 'decode')!.observed).toBeCloseTo(0.3, 9);
    // a planted control is still held to its selectivity
    const planted = sanityChecks(
      [cell('planted', 0, { 'decode.selectivity': 0.95, 'decode.gain': 0 }, 0.95)],
      roles,
    );
    expect(planted.find((c) => c.family === 'decode')!.observed).toBeCloseTo(0.95, 9);
  });

  it("keeps observe out of the untrained index as well, whatever the cell's own index", () => {
    const checks = sanityChecks(
      [
        cell('untrained', 0, { 'decode.selectivity': 0.1, 'observe.stability': 1, 'ablate.cause': 0 }, 0.37),
        cell('untrained', 1, { 'decode.selectivity': 0.3, 'observe.stability': 1 }, 0.65),
      ],
      roles,
    );
    const index = checks.find((c) => c.family === 'index')!;
    expect(index.observed).toBeCloseTo((0.05 + 0.3) / 2, 6);
    expect(index.pass).toBe(true);
  });

  it('compares the scrambled control with the dense net on the same task, level and seed', () => {
    const cells = [
      cell('dense', 0, { 'decode.selectivity': 0.8, 'localize.k1': 0.6, 'localize.k4': 0.8 }, 0.6),
      cell('dense', 1, { 'decode.selectivity': 0.6, 'localize.k1': 0.4, 'localize.k4': 0.6 }, 0.5),
      cell('scrambled', 0, { 'decode.selectivity': 0.78, 'localize.k1': 0.1, 'localize.k4': 0.3 }, 0.4),
      cell('scrambled', 1, { 'decode.selectivity': 0.64, 'localize.k1': 0.2, 'localize.k4': 0.2 }, 0.4),
    ];
    const checks = sanityChecks(cells, roles);
    const decode = checks.find((c) => c.control === 'scrambled' && c.family === 'decode')!;
    expect(decode.observed).toBeCloseTo((0.02 + 0.04) / 2, 6);
    expect(decode.pass).toBe(true);
    const localize = checks.find((c) => c.control === 'scrambled' && c.family === 'localize')!;
    // mean scrambled localize (0.2, 0.2) over mean dense localize (0.7, 0.5)
    expect(localize.observed).toBeCloseTo(0.2 / 0.6, 6);
    expect(localize.pass).toBe(true);
    const failing = sanityChecks(
      cells.map((c) =>
        c.substrate === 'scrambled' ? { ...c, metrics: { ...c.metrics, 'decode.selectivity': 0.3 } } : c,
      ),
      roles,
    );
    expect(failing.find((c) => c.family === 'decode')!.pass).toBe(false);
  });

  it('fails the localize drop when the dense net was not localised to begin with', () => {
    const cells = [
      cell('dense', 0, { 'localize.k1': 0.1, 'localize.k4': 0.2 }, 0.3),
      cell('scrambled', 0, { 'localize.k1': 0, 'localize.k4': 0 }, 0.3),
    ];
    const localize = sanityChecks(cells, roles).find((c) => c.family === 'localize')!;
    // dense 0.15 is within the untrained bound: no cell qualifies, so there is no ratio to pass
    expect(localize.observed).toBeNull();
    expect(localize.pass).toBe(false);
    expect(localize.expected).toContain('0 of 1 matched cells');
  });

  it('takes the localize ratio over the cells where the dense net is localised', () => {
    const cells = [
      cell('dense', 0, { 'localize.k1': 0.5, 'localize.k4': 0.7 }, 0.5),
      cell('scrambled', 0, { 'localize.k1': 0.1, 'localize.k4': 0.1 }, 0.4),
      // dense not localised here: the scrambled net's 0.6 of noise is not evidence either way
      cell('dense', 1, { 'localize.k1': 0, 'localize.k4': 0 }, 0.5),
      cell('scrambled', 1, { 'localize.k1': 0.6, 'localize.k4': 0.6 }, 0.4),
    ];
    const localize = sanityChecks(cells, roles).find((c) => c.family === 'localize')!;
    expect(localize.observed).toBeCloseTo(0.1 / 0.6, 6);
    expect(localize.pass).toBe(true);
    expect(localize.expected).toContain('1 of 2 matched cells');
    // the same cells with the localised one not dropping: the ratio says so
    const kept = cells.map((c) =>
      c.substrate === 'scrambled' && c.seed === 0
        ? { ...c, metrics: { ...c.metrics, 'localize.k1': 0.5, 'localize.k4': 0.6 } }
        : c,
    );
    const failing = sanityChecks(kept, roles).find((c) => c.family === 'localize')!;
    expect(failing.observed).toBeCloseTo(0.55 / 0.6, 6);
    expect(failing.pass).toBe(false);
  });

  it('treats a substrate as a control only when its role says so', () => {
    const cells = [cell('planted', 0, { 'decode.selectivity': 0.1 }, 0.1)];
    expect(sanityChecks(cells, { planted: { family: 'dense', synchronous: true } })).toEqual([]);
  });

  it('checks controls by their declared role, on the spiking side as on the synchronous one', () => {
    const sides: SubstrateRoles = {
      'glass-spikes': { family: 'control', synchronous: false, control: 'planted' },
      'raw-spikes': { family: 'control', synchronous: false, control: 'untrained' },
    };
    const checks = sanityChecks(
      [
        cell('glass-spikes', 0, { 'decode.selectivity': 0.95, 'steer.preserve': 0.5 }, 0.725),
        cell('raw-spikes', 0, { 'decode.selectivity': 0.1 }, 0.1),
      ],
      sides,
    );
    const row = (control: string, family: string) =>
      checks.find((c) => c.control === control && c.family === family);
    expect(row('glass-spikes', 'decode')).toMatchObject({ observed: 0.95, pass: true });
    expect(row('glass-spikes', 'steer')).toMatchObject({ observed: 0.5, pass: false });
    expect(row('raw-spikes', 'decode')).toMatchObject({ observed: 0.1, pass: true });
    for (const c of checks)
      expect(Object.keys(c).sort()).toEqual(['control', 'expected', 'family', 'observed', 'pass']);
  });
});
