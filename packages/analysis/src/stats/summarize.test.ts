import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';

const substrates = {
  dense: { family: 'dense', synchronous: true },
  spiking: { family: 'spiking', synchronous: false },
  symbolic: { family: 'symbolic', synchronous: true },
  planted: { family: 'control', synchronous: true },
};

function grid(tasks = ['boolean', 'modadd', 'facts', 'gridworld', 'shapes', 'grammar']): CellResult[] {
  const out: CellResult[] = [];
  const base: Record<string, number> = { dense: 0.6, spiking: 0.3, symbolic: 0.8, planted: 0.95 };
  for (const substrate of Object.keys(substrates))
    for (const task of tasks)
      for (let level = 1; level <= 3; level++)
        for (let seed = 0; seed < 1; seed++) {
          const index =
            substrate === 'planted' ? base[substrate]! : base[substrate]! - 0.05 * level + 0.01 * seed;
          out.push({
            id: `${substrate}/${task}/${level}/${seed}`,
            substrate,
            task,
            level,
            seed,
            status: 'ok',
            capability: { metric: 'accuracy', train: 1, test: 0.9, chance: 0.5 },
            metrics: { 'decode.selectivity': index, 'localize.k1': index },
            index,
          });
        }
  out.push({
    id: 'x',
    substrate: 'dense',
    task: 'boolean',
    level: 1,
    seed: 9,
    status: 'failed',
    error: 'boom',
    index: 0,
  });
  return out;
}

describe('summarize', () => {
  it('summarises substrates without controls or failed cells, with claims, decomposition and sanity', () => {
    const cells = grid();
    const s = summarize(cells, { substrates, seed: 1, resamples: 300 });
    expect(s.substrates.map((x) => x.substrate)).toEqual(['dense', 'spiking', 'symbolic']);
    const dense = s.substrates[0]!;
    const own = cells.filter((c) => c.substrate === 'dense' && c.status === 'ok').map((c) => c.index!);
    expect(dense.index).toBeCloseTo(own.reduce((a, b) => a + b, 0) / own.length, 10);
    expect(dense.ci[0]!).toBeLessThanOrEqual(dense.index!);
    expect(dense.ci[1]!).toBeGreaterThanOrEqual(dense.index!);
    expect(dense.ciNote).toBeUndefined();
    expect(dense.capability).toBeCloseTo(0.9, 6);
    expect(dense.families!['decode']).toBeCloseTo(dense.index!, 6);
    expect(dense.families!['steer']).toBeNull();
    expect(s.claims.map((c) => c.id)).toEqual([
      '1a-A',
      '1a-B',
      '1a-C',
      '1a',
      '1b',
      'symbolic-scaling',
      'symbolic-vs-linear',
    ]);
    // no converted, rate or plastic twin ran: the contrasts say so
    expect(s.claims[0]!.evidence).toContain('Not run: spiking-converted');
    expect(s.verdictRule).toEqual({ smallestEffect: 0.1, maxHalfWidth: 0.08, level: 0.95 });
    // chance 0.5 and no linear baseline: the floor is 0.5 + 0.8 * 0.5 = 0.9, which 0.9 reaches
    expect(
      s.capability!.find((c) => c.substrate === 'dense' && c.task === 'boolean' && c.level === 1),
    ).toMatchObject({ accuracy: 0.9, floor: 0.9, capable: true, trivial: false, seeds: 1 });
    const v = s.varianceDecomposition!;
    expect(v.domain + v.substrate + v.interaction + v.residual).toBeCloseTo(1, 10);
    expect(v.substrate).toBeGreaterThan(v.domain);
    // ω² as claim 1b reads it; one seed, so the interaction is the error term and has no ω²
    const w = s.varianceOmegaSquared!;
    expect(w.interaction).toBeNull();
    expect(s.sanity!.every((c) => c.control === 'planted' && c.pass)).toBe(true);
    expect(s.sanity!.length).toBe(3);
  });

  it('averages each substrate over the families every substrate scored on each domain level', () => {
    // dense alone has an edit score of 0, which would pull its mean index down by a family the others lack
    const cells = grid().map((c) =>
      c.substrate === 'dense' && c.status === 'ok'
        ? { ...c, metrics: { ...c.metrics, 'edit.score': 0 }, index: (2 * c.index!) / 3 }
        : c,
    );
    const s = summarize(cells, { substrates, seed: 1, resamples: 300 });
    const dense = s.substrates.find((x) => x.substrate === 'dense')!;
    const own = cells.filter((c) => c.substrate === 'dense' && c.status === 'ok');
    const shared = own.map((c) => (c.metrics!['decode.selectivity']! + c.metrics!['localize.k1']!) / 2);
    expect(dense.index).toBeCloseTo(shared.reduce((a, b) => a + b, 0) / shared.length, 10);
    expect(dense.families!['edit']).toBe(0);
    expect(s.indexFamilies!['boolean/L1']).toEqual({ used: ['decode', 'localize'], leftOut: ['edit'] });
    expect(Object.keys(s.indexFamilies!)).toHaveLength(18);
    // the decomposition is of the same comparable index: as without the edit score
    expect(s.varianceDecomposition).toEqual(
      summarize(grid(), { substrates, seed: 1, resamples: 300 }).varianceDecomposition,
    );
  });

  it('gives no interval over fewer tasks than a 95% interval needs', () => {
    const s = summarize(grid(['boolean', 'modadd']), { substrates, seed: 1, resamples: 300 });
    expect(s.substrates[0]!.index).not.toBeNull();
    expect(s.substrates[0]!.ci).toEqual([null, null]);
    expect(s.substrates[0]!.ciNote).toBe(
      'no 95% interval: the index rests on 2 tasks, and an interval over tasks needs at least 6',
    );
    expect(new Set(s.claims.map((c) => c.verdict))).toEqual(new Set(['inconclusive']));
  });

  it('is reproducible from its seed', () => {
    const cells = grid();
    expect(summarize(cells, { substrates, seed: 4, resamples: 100 })).toEqual(
      summarize(cells, { substrates, seed: 4, resamples: 100 }),
    );
  });
});
