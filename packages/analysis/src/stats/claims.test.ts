import { type CellResult, type ClaimVerdict, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import type { SubstrateRoles } from './cells.js';
import { claimVerdicts } from './claims.js';

const roles: SubstrateRoles = {
  dense: { family: 'dense', synchronous: true },
  'dense-brain': { family: 'dense', synchronous: true },
  'dense~e2': { family: 'dense', synchronous: true, ladderOf: 'dense' },
  'spiking-converted': { family: 'spiking', synchronous: false },
  'wta-rate': { family: 'rate', synchronous: true },
  spiking: { family: 'spiking', synchronous: false },
  'spiking-plastic': { family: 'spiking', synchronous: false },
  symbolic: { family: 'symbolic', synchronous: true },
  planted: { family: 'control', synchronous: true },
};

/** Twelve task families, as the suites run. */
const TASKS = Array.from({ length: 12 }, (_, i) => `task${i}`);

interface Plan {
  /** The index of a run (every family scores it). */
  index: (substrate: string, task: string, level: number, seed: number) => number;
  accuracy?: (substrate: string, task: string, level: number, seed: number) => number;
  /** Tasks each substrate runs (default all). */
  tasks?: (substrate: string) => readonly string[];
  levels?: readonly number[];
  seeds?: number;
}

/** A grid of finished runs; chance 0.5 and a linear baseline of 0.6 everywhere, so the floor is 0.9. */
function grid(plan: Plan): CellResult[] {
  const out: CellResult[] = [];
  for (const substrate of Object.keys(roles))
    for (const task of plan.tasks?.(substrate) ?? TASKS)
      for (const level of plan.levels ?? [1, 2])
        for (let seed = 0; seed < (plan.seeds ?? 2); seed++) {
          const score = plan.index(substrate, task, level, seed);
          out.push({
            id: `${substrate}/${task}/${level}/${seed}`,
            substrate,
            task,
            level,
            seed,
            status: 'ok',
            capability: {
              metric: 'accuracy',
              train: 1,
              test: plan.accuracy?.(substrate, task, level, seed) ?? 0.95,
              chance: 0.5,
              linear: 0.6,
            },
            // observe is the reading cost: planted far off, it must not move any contrast
            metrics: {
              'decode.selectivity': score,
              'ablate.cause': score,
              'observe.stability': substrate === 'dense' ? 1 : 0,
            },
            index: score,
          });
        }
  return out;
}

const options = { roles, seed: 5, resamples: 1000 };
const byId = (claims: readonly ClaimVerdict[], id: string) => claims.find((c) => c.id === id)!;

describe('the pre-registered claims on planted results', () => {
  // 1a-A: dense beats its converted twin by 0.3; 1a-C: dense equals spiking-plastic within ±0.01;
  // 1a-B: the spiking twin runs on three tasks only, too few for a 95% CI over tasks.
  const rng = new Rng(11);
  const noise = new Map<string, number>();
  const jitter = (key: string, sd: number) => {
    if (!noise.has(key)) noise.set(key, rng.normal(0, sd));
    return noise.get(key)!;
  };
  const cells = grid({
    index: (s, t, l, seed) => {
      const base = 0.6 + jitter(`${t}/${l}/${seed}`, 0.05);
      if (s === 'spiking-converted') return base - 0.3 + jitter(`c/${t}/${l}/${seed}`, 0.03);
      if (s === 'spiking-plastic') return base + jitter(`p/${t}/${l}/${seed}`, 0.01);
      return base;
    },
    tasks: (s) => (s === 'spiking' || s === 'wta-rate' ? TASKS.slice(0, 3) : TASKS),
  });
  const { claims } = claimVerdicts(cells, options);

  it('finds the +0.3 contrast supported, with its matched cells and tasks', () => {
    const a = byId(claims, '1a-A');
    expect(a.verdict).toBe('supported');
    expect(a.effect).toBeGreaterThan(0.25);
    expect(a.effect).toBeLessThan(0.35);
    expect(a.ci![0]!).toBeGreaterThan(0.2);
    expect(a.halfWidth!).toBeLessThan(0.08);
    expect(a.tasks).toHaveLength(12);
    expect(a.matchedCells).toHaveLength(12 * 2 * 2);
    expect(a.matchedCells![0]!.sides.map((s) => s.substrate)).toEqual(['dense', 'spiking-converted']);
  });

  it('finds the zero contrast with a tight spread negligible', () => {
    const c = byId(claims, '1a-C');
    expect(c.verdict).toBe('negligible');
    expect(Math.abs(c.effect!)).toBeLessThan(0.01);
    expect(c.ci![0]!).toBeGreaterThan(-0.1);
    expect(c.ci![1]!).toBeLessThan(0.1);
  });

  it('finds the contrast with too few tasks inconclusive, without an interval', () => {
    const b = byId(claims, '1a-B');
    expect(b.verdict).toBe('inconclusive');
    expect(b.ci).toEqual([null, null]);
    expect(b.tasks).toHaveLength(3);
    expect(b.evidence).toContain('no 95% CI: 3 tasks');
  });

  it('derives claim 1a from 1a-A by the pre-registered rule', () => {
    const overall = byId(claims, '1a');
    expect(overall.verdict).toBe('supported');
    expect(overall.evidence).toContain('1a-C is not contradicted and 1a-A is supported');
  });

  it('computes the contrast as the mean matched difference, the reading-cost family left out', () => {
    const a = byId(claims, '1a-A');
    const diffs = a.matchedCells!.map((m) => m.sides[0]!.index! - m.sides[1]!.index!);
    expect(a.effect).toBeCloseTo(diffs.reduce((x, y) => x + y, 0) / diffs.length, 12);
    for (const m of a.matchedCells!) {
      const cell = cells.find(
        (c) => c.substrate === 'dense' && c.task === m.task && c.level === m.level && c.seed === m.seed,
      )!;
      expect(m.sides[0]!.index).toBeCloseTo(cell.metrics!['decode.selectivity']!, 12);
    }
  });
});

describe('matching on accuracy', () => {
  it('compares a weaker substrate with the dense rung of its accuracy, never the stronger net', () => {
    const cells = grid({
      index: (s) => (s === 'dense' ? 0.9 : s === 'dense~e2' ? 0.5 : s === 'spiking-plastic' ? 0.5 : 0.6),
      accuracy: (s) => (s === 'dense' ? 0.99 : s === 'dense-brain' ? 0.99 : 0.92),
    });
    const c = byId(claimVerdicts(cells, options).claims, '1a-C');
    expect(new Set(c.matchedCells!.map((m) => m.sides[0]!.substrate))).toEqual(new Set(['dense~e2']));
    expect(c.effect).toBeCloseTo(0, 12);
    expect(c.verdict).toBe('negligible');
  });

  it('leaves trivial levels and levels where the comparator is not capable out', () => {
    const cells = grid({
      index: (s) => (s === 'spiking-converted' ? 0.3 : 0.6),
      accuracy: (s, _t, level) => (s === 'spiking-converted' && level === 2 ? 0.85 : 0.95),
    });
    const a = byId(claimVerdicts(cells, options).claims, '1a-A');
    expect(a.matchedCells!.every((m) => m.level === 1)).toBe(true);
    expect(a.evidence).toContain('24 spiking-converted cells are on levels where it is capable');
  });
});

describe('claim 1b', () => {
  it('is supported when the index falls with level by more than the SESOI and structures match', () => {
    const cells = grid({
      index: (_s, t, level) => 0.9 - 0.2 * (level - 1) + Number(t.slice(4)) / 200,
      levels: [1, 2, 3],
    });
    const { claims } = claimVerdicts(cells, options);
    const b = byId(claims, '1b');
    expect(b.effect).toBeCloseTo(0.4, 10);
    expect(b.verdict).toBe('supported');
    expect(b.evidence).toContain('depend on the grid');
  });

  it('is contradicted when a structure contrast is at least as large as the complexity drop', () => {
    const cells = grid({
      index: (s, _t, level) => (s === 'spiking-converted' ? 0.3 : 0.7) - 0.05 * (level - 1),
      levels: [1, 2, 3],
    });
    const b = byId(claimVerdicts(cells, options).claims, '1b');
    expect(b.verdict).toBe('contradicted');
    expect(b.evidence).toContain('1a-A differ by at least the complexity drop');
  });
});

describe('symbolic scaling', () => {
  it('is supported when the symbolic gap to the best connectionist and to the linear readout widens', () => {
    const cells = grid({
      index: () => 0.5,
      accuracy: (s, _t, level) => (s === 'symbolic' ? 1 - 0.1 * level : 0.95),
      levels: [1, 2, 3],
    });
    const { claims } = claimVerdicts(cells, options);
    expect(byId(claims, 'symbolic-scaling').effect).toBeCloseTo(-0.1, 10);
    expect(byId(claims, 'symbolic-scaling').verdict).toBe('supported');
    expect(byId(claims, 'symbolic-vs-linear').effect).toBeCloseTo(-0.1, 10);
  });
});

describe('contrasts whose substrates did not run', () => {
  it('say so and stay inconclusive', () => {
    const cells = grid({ index: () => 0.5 }).filter((c) => c.substrate !== 'spiking-plastic');
    const c = byId(claimVerdicts(cells, options).claims, '1a-C');
    expect(c.verdict).toBe('inconclusive');
    expect(c.evidence).toContain('Not run: spiking-plastic');
  });
});
