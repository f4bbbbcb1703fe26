import {
  BaseSubstrate,
  type Capability,
  type FitReport,
  type Matrix,
  matrix,
  type Observation,
  Rng,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { fourierBasis, generateTask, type TaskInstance } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../analyze.js';
import { fourierSite } from './mechanism.js';

describe('mechanism.fourier on planted units', () => {
  const p = 13;
  const basis = fourierBasis(p);
  const w = (k: number, x: number) => (2 * Math.PI * k * x) / p;
  /** A site on the p² grid (row a·p + b) whose unit u is f[u](a, b). */
  const site = (fs: Array<(a: number, b: number) => number>) => {
    const data = new Float32Array(p * p * fs.length);
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++)
        fs.forEach((f, u) => {
          data[(a * p + b) * fs.length + u] = f(a, b);
        });
    return { rows: p * p, cols: fs.length, data };
  };

  it('scores units that are exactly one frequency of (a, b) as 1, with the spectrum peaked there', () => {
    const r = fourierSite(
      site([
        (a, b) => Math.cos(w(4, a + b)),
        (a, b) => 3 * Math.cos(w(4, a)) * Math.cos(w(4, b)),
        (a, b) => Math.sin(w(2, a + b)) + 0.5,
        () => 7, // constant: left out
      ]),
      p,
      basis,
    )!;
    expect(r.score).toBeCloseTo(1, 5);
    expect(r.oneFrequencyShare).toBe(1);
    expect(r.unitTopFrequency).toEqual([4, 4, 2, null]);
    expect(r.varyingUnits).toBe(3);
    const peak = r.spectrum.indexOf(Math.max(...r.spectrum)) + 1;
    expect(peak).toBe(4);
    // Power: cos(4(a+b)) has p²/2, 3cos(4a)cos(4b) has 9p²/4, sin(2(a+b)) has p²/2.
    expect(r.spectrum[3]!).toBeCloseTo((0.5 + 2.25) / 3.25, 5);
  });

  it('gives mixed-frequency products cos(ka)·cos(k′b), k ≠ k′, to no frequency', () => {
    const r = fourierSite(site([(a, b) => Math.cos(w(1, a)) * Math.cos(w(3, b))]), p, basis)!;
    expect(r.score).toBeCloseTo(0, 5);
  });

  it('scores units that are random functions of (a, b) low', () => {
    const rng = new Rng(3);
    const tables = Array.from({ length: 8 }, () => Float64Array.from({ length: p * p }, () => rng.normal()));
    const r = fourierSite(site(tables.map((t) => (a: number, b: number) => t[a * p + b]!)), p, basis)!;
    // Each frequency owns 8 of the p² − 1 components: a unit's best of (p−1)/2 frequencies gets a few times 8/168.
    expect(r.score).toBeLessThan(0.3);
    expect(r.oneFrequencyShare).toBe(0);
  });
});

type UnitFunction = (a: number, b: number) => number;

/**
 * A substrate on a modadd task whose privileged site `units` holds the given functions of (a, b), read
 * off the one-hot a ‖ one-hot b input, and whose `units.pre` preactivation site holds `pre` (which the
 * analysis must skip). It predicts the true sum.
 */
class FunctionSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'functions',
    family: 'control',
    synchronous: true,
    description: 'test',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe']);
  constructor(
    readonly p: number,
    readonly fs: readonly UnitFunction[],
    readonly pre: readonly UnitFunction[],
    readonly preState = 'preactivation',
  ) {
    super();
  }
  protected async _fit(): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [
      { site: 'units.pre', size: this.pre.length, state: this.preState },
      { site: 'units', size: this.fs.length, state: 'activation' },
    ];
  }
  private pairs(inputs: Matrix): Array<[number, number]> {
    const p = this.p;
    return Array.from({ length: inputs.rows }, (_, i) => {
      const x = inputs.data.subarray(i * 2 * p, (i + 1) * 2 * p);
      return [x.indexOf(1), x.indexOf(1, p) - p];
    });
  }
  private table(inputs: Matrix, fs: readonly UnitFunction[]): Matrix {
    const m = matrix(inputs.rows, fs.length);
    this.pairs(inputs).forEach(([a, b], i) => {
      fs.forEach((f, u) => {
        m.data[i * fs.length + u] = f(a, b);
      });
    });
    return m;
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    const out = matrix(inputs.rows, this.p);
    this.pairs(inputs).forEach(([a, b], i) => {
      out.data[i * this.p + ((a + b) % this.p)] = 1;
    });
    return out;
  }
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    return {
      states: { units: this.table(inputs, this.fs), 'units.pre': this.table(inputs, this.pre) },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
}

describe('mechanism.fourier read through a substrate on the modadd task', () => {
  const task: TaskInstance = generateTask('modadd', { level: 1, seed: 1 });
  const p = task.structure.domain === 'modadd' ? task.structure.p : 0;
  const w = (k: number, x: number) => (2 * Math.PI * k * x) / p;
  const rng = new Rng(5);
  const random = Array.from({ length: 6 }, (): UnitFunction => {
    const t = Float64Array.from({ length: p * p }, () => rng.normal());
    return (a, b) => t[a * p + b]!;
  });
  const analyse = async (fs: UnitFunction[], pre: UnitFunction[], preState?: string) => {
    const substrate = new FunctionSubstrate(p, fs, pre, preState);
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, { seed: 1, families: ['mechanism'] });
    return {
      score: result.metrics['mechanism.fourier']!,
      raw: result.raw['mechanism.fourier'] as { site: string; spectrum: number[] },
    };
  };

  it('scores one-frequency units 1 on all p² pairs, peaked at their frequency, ignoring a random preactivation', async () => {
    const { score, raw } = await analyse(
      [
        (a, b) => Math.cos(w(5, a + b)),
        (a, b) => Math.cos(w(5, a)) * Math.cos(w(5, b)),
        (a, b) => Math.sin(w(2, a)) * Math.sin(w(2, b)),
      ],
      random,
    );
    expect(score).toBeCloseTo(1, 4);
    expect(raw.site).toBe('units');
    expect(raw.spectrum.indexOf(Math.max(...raw.spectrum)) + 1).toBe(5);
  });

  it('scores units that are random functions of (a, b) low, even beside a one-frequency preactivation', async () => {
    for (const state of ['preactivation', 'rotated preactivation']) {
      const { score } = await analyse(random, [(a, b) => Math.cos(w(3, a + b))], state);
      expect(score).toBeLessThan(0.3);
    }
  });

  it('scores 0 with the reason when no unit of a privileged site varies (no Fourier feature found)', async () => {
    const substrate = new FunctionSubstrate(p, [() => 1, () => -2], random);
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, { seed: 1, families: ['mechanism'] });
    expect(result.metrics['mechanism.fourier']).toBe(0);
    expect(result.nothingFound['mechanism.fourier']).toMatch(/no unit .* varies/);
  });
});

describe('mechanism.fourier on a dense net (modadd level 1)', () => {
  it('scores a trained net above the same net untrained', async () => {
    const task = generateTask('modadd', { level: 1, seed: 1 });
    const score = async (trained: boolean) => {
      const substrate = dense.create({});
      await substrate.fit(task, { seed: 1, ...(trained ? {} : { budget: { epochs: 0 } }) });
      const result = await analyzeCell(substrate, task, { seed: 1, families: ['mechanism'] });
      const raw = result.raw['mechanism.fourier'] as { site: string; oneFrequencyShare: number };
      const value = result.metrics['mechanism.fourier']!;
      console.log(`mechanism.fourier ${trained ? 'trained' : 'untrained'}: ${value.toFixed(3)}`, {
        site: raw.site,
        oneFrequencyShare: raw.oneFrequencyShare,
      });
      return value;
    };
    const untrained = await score(false);
    const trained = await score(true);
    expect(trained).toBeGreaterThan(untrained + 0.1);
  }, 120_000);
});
