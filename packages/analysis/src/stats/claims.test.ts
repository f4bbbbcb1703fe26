import { type CellResult, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import type { SubstrateRoles } from './cells.js';
import {
  claimDomainNotStructure,
  claimSymbolicFallsBehind,
  claimSynchronousMostInterpretable,
  verdictFromInterval,
  withinGroupSlope,
} from './claims.js';

const roles: SubstrateRoles = {
  dense: { family: 'dense', synchronous: true },
  'dense-brain': { family: 'dense', synchronous: true },
  spiking: { family: 'spiking', synchronous: false },
  symbolic: { family: 'symbolic', synchronous: true },
  planted: { family: 'control', synchronous: true },
};

interface Spec {
  /** The score of the families every cell has (`decode`, `observe`). */
  index?: (substrate: string, task: string, level: number, seed: number) => number;
  /** Metrics added to a cell (e.g. a family one substrate alone has). */
  extra?: (substrate: string) => Record<string, number | null>;
  accuracy?: (substrate: string, task: string, level: number, seed: number) => number;
}

/** Six tasks: the fewest a 95% interval over tasks can be drawn from (see minimumUnits). */
const TASKS = ['boolean', 'modadd', 'facts', 'gridworld', 'shapes', 'grammar'];

/** A full grid of finished cells; chance 0.5 on every task. */
function cells(spec: Spec, substrates = Object.keys(roles), tasks = TASKS, seeds = 2) {
  const out: CellResult[] = [];
  for (const substrate of substrates)
    for (const task of tasks)
      for (let level = 1; level <= 4; level++)
        for (let seed = 0; seed < seeds; seed++) {
          const base = spec.index?.(substrate, task, level, seed) ?? 0.5;
          const metrics = {
            'decode.selectivity': base,
            'observe.stability': base,
            ...spec.extra?.(substrate),
          };
          // the index as the analysis computes it: the mean of the family scores the cell has
          const scores = Object.values(metrics).filter((v): v is number => v !== null);
          const index = scores.reduce((a, b) => a + b, 0) / scores.length;
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
              test: spec.accuracy?.(substrate, task, level, seed) ?? 0.95,
              chance: 0.5,
            },
            metrics,
            index,
          });
        }
  return out;
}

const options = { roles, seed: 3, resamples: 400 };

describe('verdictFromInterval', () => {
  it('reads the side of zero the interval is on', () => {
    expect(verdictFromInterval([0.1, 0.3])).toBe('supported');
    expect(verdictFromInterval([-0.3, -0.1])).toBe('contradicted');
    expect(verdictFromInterval([-0.1, 0.1])).toBe('inconclusive');
    expect(verdictFromInterval([-0.3, -0.1], -1)).toBe('supported');
    expect(verdictFromInterval([Number.NaN, Number.NaN])).toBe('inconclusive');
  });
});

describe('claim 1a', () => {
  it('is supported when dense beats spiking and reports the matched mean difference', () => {
    const rng = new Rng(1);
    const grid = cells({
      index: (s) => (s === 'spiking' ? 0.4 : s.startsWith('dense') ? 0.7 : 0.5) + rng.normal(0, 0.05),
    });
    const v = claimSynchronousMostInterpretable(grid, options);
    // independent: mean over (task, level, seed) of mean(dense, dense-brain) − spiking
    const byKey = new Map<string, { d: number[]; s: number[] }>();
    for (const c of grid) {
      const k = `${c.task}/${c.level}/${c.seed}`;
      const e = byKey.get(k) ?? { d: [], s: [] };
      if (c.substrate.startsWith('dense')) e.d.push(c.index!);
      if (c.substrate === 'spiking') e.s.push(c.index!);
      byKey.set(k, e);
    }
    const diffs = [...byKey.values()].map((e) => (e.d[0]! + e.d[1]!) / 2 - e.s[0]!);
    expect(v.effect).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / diffs.length, 10);
    expect(v.verdict).toBe('supported');
    expect(v.ci![0]!).toBeLessThan(v.effect!);
    expect(v.ci![1]!).toBeGreaterThan(v.effect!);
    expect(v.evidence).toContain('boolean/L1/s0');
  });

  it('is contradicted when spiking is more interpretable, inconclusive when equal', () => {
    const reversed = cells({ index: (s) => (s === 'spiking' ? 0.8 : 0.3) });
    expect(claimSynchronousMostInterpretable(reversed, options).verdict).toBe('contradicted');
    const equal = cells({ index: (_s, _t, level) => level / 10 });
    const v = claimSynchronousMostInterpretable(equal, options);
    expect(v.verdict).toBe('inconclusive');
    expect(v.effect).toBeCloseTo(0, 12);
  });

  it('only compares cells where both families reach the accuracy floor', () => {
    // spiking looks very interpretable but fails the floor (0.6 < 0.5 + 0.5·0.5) except at level 1
    const grid = cells({
      index: (s) => (s === 'spiking' ? 0.9 : 0.6),
      accuracy: (s, _t, level) => (s === 'spiking' && level > 1 ? 0.6 : 0.95),
    });
    const v = claimSynchronousMostInterpretable(grid, options);
    expect(v.evidence).toContain('12 (task, level, seed) cells have both families above it');
    expect(v.effect).toBeCloseTo(-0.3, 10);
    const fewer = claimSynchronousMostInterpretable(
      grid.filter((c) => c.task === 'boolean' && c.seed < 1),
      options,
    );
    expect(fewer.verdict).toBe('inconclusive');
    expect(fewer.evidence).toContain('Too few matched cells');
  });

  it('draws no interval, so gives no verdict, from fewer than six tasks', () => {
    const grid = cells(
      { index: (s) => (s === 'spiking' ? 0.2 : 0.8) },
      Object.keys(roles),
      TASKS.slice(0, 5),
    );
    const v = claimSynchronousMostInterpretable(grid, options);
    expect(v.effect).toBeCloseTo(0.6, 10);
    expect(v.verdict).toBe('inconclusive');
    expect(v.ci).toEqual([null, null]);
    expect(v.evidence).toContain('no 95% CI: 5 tasks, and a 95% interval needs at least 6');
    expect(
      claimSynchronousMostInterpretable(cells({ index: (s) => (s === 'spiking' ? 0.2 : 0.8) }), options)
        .verdict,
    ).toBe('supported');
  });

  it('compares each matched cell over the families both sides scored', () => {
    // dense alone has an edit score of 0, which would pull its index down by a family spiking lacks
    const grid = cells({
      index: (s) => (s === 'spiking' ? 0.4 : 0.7),
      extra: (s) => (s === 'spiking' ? { 'edit.score': null } : { 'edit.score': 0 }),
    });
    const v = claimSynchronousMostInterpretable(grid, options);
    expect(v.effect).toBeCloseTo(0.3, 10);
    expect(v.evidence).toContain('left out: edit in 48)');
    // a family weighted 0 is left out of every comparison, as it is of the index
    const weighted = claimSynchronousMostInterpretable(
      cells({
        index: (s) => (s === 'spiking' ? 0.4 : 0.7),
        extra: (s) => ({ 'steer.success': s === 'spiking' ? 1 : 0 }),
      }),
      { ...options, weights: { steer: 0 } },
    );
    expect(weighted.effect).toBeCloseTo(0.3, 10);
    // no family in common: nothing to compare, and the evidence says so
    const disjoint = claimSynchronousMostInterpretable(
      cells({
        extra: (s): Record<string, number | null> =>
          s === 'spiking'
            ? { 'decode.selectivity': null, 'observe.stability': null, 'steer.success': 1 }
            : {},
      }),
      options,
    );
    expect(disjoint.verdict).toBe('inconclusive');
    expect(disjoint.evidence).toContain(
      '48 (task, level, seed) cells have both families above it, 48 of them',
    );
  });

  it('ignores controls and failed cells', () => {
    const grid = cells({ index: (s) => (s === 'spiking' ? 0.4 : 0.7) });
    const noisy = [
      ...grid,
      ...grid.filter((c) => c.substrate === 'dense').map((c) => ({ ...c, substrate: 'planted', index: 0 })),
      ...grid
        .filter((c) => c.substrate === 'dense')
        .map((c) => ({ ...c, id: `${c.id}x`, status: 'failed' as const, index: 0 })),
    ];
    expect(claimSynchronousMostInterpretable(noisy, options).effect).toBeCloseTo(0.3, 10);
  });
});

describe('claim 1b', () => {
  it('is supported when the index follows the domain level and contradicted when it follows the substrate', () => {
    const rng = new Rng(2);
    const byDomain = cells(
      { index: (_s, _t, level) => 0.2 * level + rng.normal(0, 0.02) },
      undefined,
      TASKS,
      1,
    );
    const d = claimDomainNotStructure(byDomain, options);
    expect(d.verdict).toBe('supported');
    expect(d.effect!).toBeGreaterThan(0.9);
    const effect: Record<string, number> = { dense: 0.9, 'dense-brain': 0.8, spiking: 0.2, symbolic: 0.5 };
    const bySubstrate = cells({ index: (s) => (effect[s] ?? 0) + rng.normal(0, 0.02) }, undefined, TASKS, 1);
    const s = claimDomainNotStructure(bySubstrate, options);
    expect(s.verdict).toBe('contradicted');
    expect(s.effect!).toBeLessThan(-0.9);
  });

  it('does not mistake the many domain levels soaking up noise for a domain effect', () => {
    const rng = new Rng(21);
    const v = claimDomainNotStructure(cells({ index: () => rng.normal(0.5, 0.1) }), options);
    expect(v.verdict).toBe('inconclusive');
    expect(v.ci![0]!).toBeLessThan(0);
  });

  it('stands only if the cells that reach the accuracy floor give the same verdict', () => {
    // spiking never learns (accuracy at chance) and so has a low index; among capable substrates the
    // index follows the domain level: over all cells the substrate dominates, at matched capability not
    const rng = new Rng(4);
    const grid = cells({
      index: (s, _t, level) => (s === 'spiking' ? 0 : 0.1 * level) + rng.normal(0, 0.01),
      accuracy: (s) => (s === 'spiking' ? 0.5 : 0.95),
    });
    const v = claimDomainNotStructure(grid, options);
    expect(v.effect!).toBeLessThan(0);
    expect(v.ci![1]!).toBeLessThan(0);
    expect(v.verdict).toBe('inconclusive');
    expect(v.evidence).toContain('which alone would be supported');
    expect(v.evidence).toContain('Over all cells it would be contradicted');
  });

  it('takes each cell over the families every substrate scored on its domain level', () => {
    // the index follows the domain level in the families every substrate has; spiking alone has an edit
    // score of 0 everywhere and symbolic alone a steer score of 1 on facts, which inside the cells'
    // indices would make a substrate effect of what the others were never scored on
    const levelled = () => {
      const rng = new Rng(5);
      return (_s: string, _t: string, level: number) => 0.2 * level + rng.normal(0, 0.02);
    };
    const plain = claimDomainNotStructure(cells({ index: levelled() }, undefined, TASKS, 1), options);
    const extra = (s: string): Record<string, number | null> =>
      s === 'spiking' ? { 'edit.score': 0 } : s === 'symbolic' ? { 'steer.preserve': 1 } : {};
    const uneven = cells({ index: levelled(), extra }, undefined, TASKS, 1);
    // the cells' own indices do differ by substrate now
    expect(uneven.find((c) => c.substrate === 'spiking')!.index).not.toBeCloseTo(
      uneven.find((c) => c.substrate === 'dense')!.index!,
      3,
    );
    const v = claimDomainNotStructure(uneven, options);
    expect(v.effect).toBeCloseTo(plain.effect!, 12);
    expect(v.ci).toEqual(plain.ci);
    expect(v.verdict).toBe('supported');
    expect(v.evidence).toContain(
      'left out, as not every substrate scored them: steer in 24, edit in 24 of 24 domain levels',
    );
    // a domain level whose substrates share no family at all is left out, and the evidence says so
    const disjoint = uneven.map((c) =>
      c.task === 'facts' && c.substrate === 'spiking' ? { ...c, metrics: { 'edit.score': 0 }, index: 0 } : c,
    );
    expect(claimDomainNotStructure(disjoint, options).evidence).toContain(
      '4 domain levels with no family in common left out entirely',
    );
  });

  it('is inconclusive with a single substrate', () => {
    const v = claimDomainNotStructure(cells({}, ['dense']), options);
    expect(v.verdict).toBe('inconclusive');
    expect(v.effect).toBeNull();
  });
});

describe('claim symbolic-scaling', () => {
  it('recovers a planted slope of the gap over level and calls it supported', () => {
    // symbolic loses 0.1 per level, connectionists stay at 0.95 (the best of them is the max)
    const grid = cells({
      accuracy: (s, task, level) =>
        s === 'symbolic' ? 1.05 - 0.1 * level + (task === 'facts' ? 0.02 : 0) : s === 'spiking' ? 0.7 : 0.95,
    });
    const v = claimSymbolicFallsBehind(grid, options);
    expect(v.effect).toBeCloseTo(-0.1, 10);
    expect(v.verdict).toBe('supported');
  });

  it('is contradicted when symbolic catches up and inconclusive at a single level', () => {
    const catchingUp = cells({ accuracy: (s, _t, level) => (s === 'symbolic' ? 0.5 + 0.1 * level : 0.95) });
    expect(claimSymbolicFallsBehind(catchingUp, options).verdict).toBe('contradicted');
    const oneLevel = cells({}).filter((c) => c.level === 2);
    expect(claimSymbolicFallsBehind(oneLevel, options).verdict).toBe('inconclusive');
  });
});

describe('withinGroupSlope', () => {
  it('removes group intercepts before fitting the common slope', () => {
    // two groups on parallel lines y = 2x + c_g: a pooled fit would be biased by the offsets
    const points = [1, 2, 3].flatMap((x) => [
      { group: 'a', x, y: 2 * x },
      { group: 'b', x: x + 3, y: 2 * (x + 3) - 10 },
    ]);
    expect(withinGroupSlope(points)).toBeCloseTo(2, 12);
  });
});
