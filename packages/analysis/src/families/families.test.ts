import {
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitReport,
  fromRows,
  type Intervention,
  type Latent,
  type Matrix,
  matrix,
  type Observation,
  Rng,
  ScrutableError,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import type { TaskInstance } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../analyze.js';
import { randomRotation } from '../probes/rotation.js';
import type { Family } from '../types.js';
import { interpretabilityIndex } from './index.js';

/**
 * A hand-made boolean task: inputs x0..x7 (x4..x7 are distractors, so input types rarely recur);
 * gates g0 = x0 XOR x1, g1 = x2 XOR x3 (neither is linear in the inputs); outputs out0 = g0 AND g1,
 * out1 = g0 OR g1. Without distractors (x4..x7 = 0) there are 16 input types, each in train and test.
 * `xor`: one output, g0 XOR g1, which every change of either gate flips.
 */
function circuitTask(seed: number, { distractors = true, xor = false, testRows = 160 } = {}): TaskInstance {
  const rng = new Rng(seed);
  const truth = (x: ArrayLike<number>, overrides?: ReadonlyMap<number, number>) => {
    const g0 = overrides?.get(0) ?? x[0]! ^ x[1]!;
    const g1 = overrides?.get(1) ?? x[2]! ^ x[3]!;
    return {
      latents: Float32Array.of(g0, g1),
      targets: xor ? Float32Array.of(g0 ^ g1) : Float32Array.of(g0 & g1, g0 | g1),
    };
  };
  const split = (n: number) => {
    const inputs = Array.from({ length: n }, () =>
      Array.from({ length: 8 }, (_, j) => (j < 4 || distractors ? rng.int(2) : 0)),
    );
    const t = inputs.map((x) => truth(x));
    const latents: Latent[] = ['g0', 'g1'].map((name, j) => ({
      name,
      kind: 'binary',
      categories: 2,
      values: Float32Array.from(t, (r) => r.latents[j]!),
    }));
    return { inputs: fromRows(inputs), targets: fromRows(t.map((r) => r.targets)), latents };
  };
  return {
    name: 'circuit',
    inputNames: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'],
    heads: [{ name: 'out', kind: 'binary', size: xor ? 1 : 2 }],
    train: split(240),
    test: split(testRows),
    domain: 'boolean',
    level: 1,
    seed,
    chance: 0.5,
    complexity: 1,
    structure: {
      domain: 'boolean',
      circuit: {
        inputs: 8,
        gates: [
          { op: 'xor', args: [0, 1] },
          { op: 'xor', args: [2, 3] },
          ...(xor
            ? [{ op: 'xor' as const, args: [8, 9] }]
            : [
                { op: 'and' as const, args: [8, 9] },
                { op: 'or' as const, args: [8, 9] },
              ]),
        ],
        outputs: xor ? [10] : [10, 11],
      },
      latentNodes: { g0: 8, g1: 9 },
    },
    groundTruth: (input, overrides) => truth(Array.from(input), overrides),
  };
}

/** Units of the glass box's one site. */
const UNITS = 10;
/** The fixed orthogonal basis of the `rotated` glass box (row j = the direction unit j reads). */
const BASIS = randomRotation(UNITS, new Rng(17));

/** z = Q·v, or v = Qᵀ·z when `back`. */
function turn(v: ArrayLike<number>, back: boolean): number[] {
  return Array.from({ length: UNITS }, (_, j) => {
    let sum = 0;
    for (let k = 0; k < UNITS; k++) sum += (back ? BASIS[k * UNITS + j]! : BASIS[j * UNITS + k]!) * v[k]!;
    return sum;
  });
}

/** Units of the `lookup` glass box: one per input type of x0..x3. */
const TYPES = 16;

/**
 * A glass-box substrate for the circuit task. `glass`: site `gates` holds g0 and g1 exactly, then
 * noise units; outputs are computed from the (possibly intervened) gate units. `noise`: the site holds
 * fresh random units per call and outputs are computed from the inputs alone. `rotated`: the glass
 * box's units seen in a fixed random orthogonal basis (same information, no unit is a gate).
 * `lookup`: the site is a one-hot code of the input type (x0..x3), a table that holds every gate
 * without computing any; outputs are read off the type. `leaky`: the glass box, except that when
 * g0's unit disagrees with the inputs (an intervention set it) the output that does not depend on g0
 * flips as well.
 */
class GlassBox extends BaseSubstrate {
  readonly info: SubstrateInfo;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe', 'intervene']);
  private readonly rng = new Rng(99);
  private readonly size: number;
  constructor(readonly mode: 'glass' | 'noise' | 'rotated' | 'lookup' | 'leaky') {
    super();
    this.info = { id: `glass-${mode}`, family: 'control', synchronous: true, description: 'test glass box' };
    this.size = mode === 'lookup' ? TYPES : UNITS;
  }
  protected async _fit(_d: Dataset): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [{ site: 'gates', size: this.size, state: 'truth' }];
  }
  private states(inputs: Matrix): Matrix {
    const m = matrix(inputs.rows, this.size);
    for (let i = 0; i < inputs.rows; i++) {
      const x = (j: number) => inputs.data[i * 8 + j]!;
      if (this.mode === 'lookup') {
        m.data[i * TYPES + x(0) + 2 * x(1) + 4 * x(2) + 8 * x(3)] = 1;
        continue;
      }
      const values =
        this.mode === 'noise'
          ? [this.rng.normal(), this.rng.normal()]
          : [x(0) !== x(1) ? 1 : 0, x(2) !== x(3) ? 1 : 0];
      for (let u = 2; u < UNITS; u++) values.push(this.rng.normal());
      m.data.set(this.mode === 'rotated' ? turn(values, false) : values, i * UNITS);
    }
    return m;
  }
  private outputs(inputs: Matrix, states: Matrix): Matrix {
    const xor = this.heads[0]?.size === 1;
    const out = matrix(inputs.rows, xor ? 1 : 2);
    for (let i = 0; i < inputs.rows; i++) {
      const x = (j: number) => inputs.data[i * 8 + j]!;
      const own = states.data.subarray(i * this.size, (i + 1) * this.size);
      let g0: boolean;
      let g1: boolean;
      if (this.mode === 'noise') [g0, g1] = [x(0) !== x(1), x(2) !== x(3)];
      else if (this.mode === 'lookup') {
        const type = own.indexOf(Math.max(...own));
        [g0, g1] = [(type & 1) !== ((type >> 1) & 1), ((type >> 2) & 1) !== ((type >> 3) & 1)];
      } else {
        const gates = this.mode === 'rotated' ? turn(own, true) : own;
        [g0, g1] = [gates[0]! > 0.5, gates[1]! > 0.5];
      }
      if (xor) {
        out.data[i] = g0 !== g1 ? 1 : 0;
        continue;
      }
      out.data[i * 2] = g0 && g1 ? 1 : 0;
      out.data[i * 2 + 1] = g0 || g1 ? 1 : 0;
      // g0 set against the inputs: out0 = g0 AND g1 does not depend on g0 when g1 = 0, out1 = g0 OR g1
      // does not when g1 = 1; the leaky box flips that one too.
      if (this.mode === 'leaky' && g0 !== (x(0) !== x(1))) {
        const free = i * 2 + (g1 ? 1 : 0);
        out.data[free] = 1 - out.data[free]!;
      }
    }
    return out;
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.outputs(inputs, this.states(inputs));
  }
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    return {
      states: { gates: this.states(inputs) },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    const s = this.states(inputs);
    for (const iv of interventions) {
      for (let i = 0; i < s.rows; i++) {
        if (iv.kind === 'add')
          for (let u = 0; u < this.size; u++) s.data[i * this.size + u]! += (iv.scale ?? 1) * iv.vector[u]!;
        else
          iv.units.forEach((u, k) => {
            s.data[i * this.size + u] =
              iv.kind === 'ablate'
                ? 0
                : iv.values.length === iv.units.length
                  ? iv.values[k]!
                  : iv.values[i * iv.units.length + k]!;
          });
      }
    }
    return this.outputs(inputs, s);
  }
}

async function analyzed(
  mode: 'glass' | 'noise' | 'rotated' | 'lookup' | 'leaky',
  task = circuitTask(3),
  families?: Family[],
) {
  const substrate = new GlassBox(mode);
  await substrate.fit(task, { seed: 1 });
  return analyzeCell(substrate, task, { seed: 5, ...(families ? { families } : {}) });
}

describe('families on a glass-box substrate whose units are the latents', async () => {
  const glass = await analyzed('glass');
  const noise = await analyzed('noise');
  const rotated = await analyzed('rotated');

  it('decodes both gates, which are not linear in the inputs, only from the glass box', () => {
    expect(glass.metrics['decode.selectivity']).toBeGreaterThan(0.9);
    expect(noise.metrics['decode.selectivity']).toBeLessThan(0.2);
  });

  it('finds each gate in one unit of the glass box', () => {
    expect(glass.metrics['localize.k1']).toBeGreaterThan(0.9);
    expect(glass.metrics['localize.k4']).toBeGreaterThan(0.9);
    // Nothing is decodable from noise: localisation applies by design and finds nothing, so it scores 0.
    expect(noise.metrics['localize.k1']).toBe(0);
    expect(noise.nothingFound['localize.k1']).toMatch(/decodable/);
  });

  it('decodes the rotated glass box as well but finds no gate in a unit of it', () => {
    expect(rotated.metrics['decode.selectivity']).toBeGreaterThan(0.9);
    // A random basis is what localisation is measured against, so a rotated glass box scores about 0.
    expect(rotated.metrics['localize.k1']).toBeLessThan(0.2);
    expect(rotated.metrics['localize.k4']).toBeLessThan(0.2);
  });

  it('moves exactly the dependent outputs when the gate units are set to the other value', () => {
    expect(glass.metrics['ablate.cause']).toBeGreaterThan(0.9);
    expect(glass.metrics['ablate.isolate']).toBeGreaterThan(0.9);
  });

  it('gives the causal model the right interchange answers for the glass box only', () => {
    expect(glass.metrics['mechanism.iia']).toBeGreaterThan(0.9);
    expect(noise.metrics['mechanism.iia']).not.toBeNull();
    expect(noise.metrics['mechanism.iia']).toBeLessThan(0.2);
  });

  it('finds the gates of the rotated glass box by their probe directions where single units fail', () => {
    // Each gate is spread over all ten units: clamping a few of them to the source's values moves the
    // other gate and the noise too, while a rank-one interchange along the probe direction swaps
    // exactly the gate's reading (MIB's featurizer comparison).
    const gates = (
      rotated.raw['mechanism.iia'] as { gates: Array<{ unitIia: number; directionIia: number }> }
    ).gates;
    expect(gates.length).toBe(2);
    for (const g of gates) {
      expect(g.unitIia).toBeLessThan(0.8);
      expect(g.directionIia).toBeGreaterThan(0.95);
    }
    expect(rotated.metrics['mechanism.iia']).toBeGreaterThan(0.95);
  });

  it('describes the glass box with a small tree and not the noise units', () => {
    expect(glass.metrics['describe.fidelity']).toBeGreaterThan(0.9);
    expect(noise.metrics['describe.fidelity']).toBeLessThan(0.2);
  });

  it('steers the glass box with a class-conditional mean difference, where a random direction does not', () => {
    expect(glass.metrics['steer.success']).toBeGreaterThan(0.9);
    expect((glass.raw['steer.success'] as { controlShare: number }).controlShare).toBeLessThan(0.1);
  });

  it('reports deterministic readings as stable and costing one pass, and noise readings as unstable', () => {
    expect(glass.readingCost[0]?.budget?.forwardPasses).toBe(1);
    expect(glass.readingCost[0]?.windowMs).toBeNull();
    expect(noise.metrics['observe.stability']).toBeLessThan(0.2);
    // Nothing decodable from noise: no budget reaches 90% of nothing.
    expect(noise.readingCost[0]?.budget).toBeNull();
  });

  it('gives null with a reason where the domain lacks the structure', () => {
    const reasons = {
      'mechanism.fourier': /modular/,
      'edit.score': /facts|capabilit/,
      'localize.detectors': /concept masks/,
    };
    for (const [id, reason] of Object.entries(reasons)) {
      expect(glass.metrics[id]).toBeNull();
      expect(glass.unavailable[id]).toMatch(reason);
    }
  });

  it('keeps every score in [0, 1] and the index equal to the mean of the family scores but observe', () => {
    for (const result of [glass, noise, rotated]) {
      for (const [id, v] of Object.entries(result.metrics)) {
        if (v === null) expect(result.unavailable[id]).toBeTruthy();
        else {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
      const present = Object.entries(result.families)
        .filter(([family]) => family !== 'observe')
        .map(([, v]) => v)
        .filter((v): v is number => v !== null);
      expect(result.index).toBeCloseTo(present.reduce((a, b) => a + b, 0) / present.length, 12);
    }
  });
});

describe('a lookup table of input types, where the control task binds', async () => {
  // Without distractors every input type of the test split also occurs in train, so a probe can
  // memorise types: on the lookup site it fits the control task (a random value per type) exactly as
  // well as the gates. The glass box holds only the gates, so it cannot fit the control task.
  const lookup = await analyzed('lookup', circuitTask(3, { distractors: false }), ['decode']);
  const glass = await analyzed('glass', circuitTask(3, { distractors: false }), ['decode']);
  const latents = (r: typeof lookup) =>
    (r.raw['decode.selectivity'] as { latents: Array<{ probe: number; control: number; input: number }> })
      .latents;

  it('decodes both gates from the table, beyond the inputs, yet scores no selectivity', () => {
    for (const l of latents(lookup)) {
      expect(l.probe).toBeGreaterThan(0.95);
      expect(l.input).toBeLessThan(0.1);
      expect(l.control).toBeGreaterThan(0.95);
    }
    expect(lookup.metrics['decode.selectivity']).toBeLessThan(0.1);
  });

  it('scores the glass box on the same task by probe minus control', () => {
    const ls = latents(glass);
    const expected = ls.reduce((sum, l) => sum + Math.min(1, l.probe - l.control), 0) / ls.length;
    expect(glass.metrics['decode.selectivity']).toBeCloseTo(expected, 12);
    expect(glass.metrics['decode.selectivity']).toBeGreaterThan(0.6);
  });
});

describe('a glass box whose intervention also moves an output that does not depend on the latent', async () => {
  const leaky = await analyzed('leaky', circuitTask(3), ['ablate']);

  it('is credited with cause but not with isolation for that latent', () => {
    const latents = (
      leaky.raw['ablate.isolate'] as { latents: Array<{ latent: string; cause: number; leak: number }> }
    ).latents;
    // Every test row has one output that depends on g0 and one that does not (out0 when g1 = 0,
    // out1 when g1 = 1); the leaky box flips the latter whenever g0's unit is set: leak(g0) = 1.
    expect(latents.map((l) => [l.latent, l.cause, l.leak])).toEqual([
      ['g0', 1, 1],
      ['g1', 1, 0],
    ]);
    expect(leaky.metrics['ablate.cause']).toBe(1);
    expect(leaky.metrics['ablate.isolate']).toBeCloseTo((1 * (1 - 1) + 1 * (1 - 0)) / 2, 12);
  });
});

describe('a circuit whose one output depends on every gate', () => {
  it('has no isolation to measure: isolate is null by design, and the family is cause', async () => {
    const result = await analyzed('glass', circuitTask(3, { xor: true }), ['ablate']);
    expect(result.metrics['ablate.cause']).toBeGreaterThan(0.9);
    expect(result.metrics['ablate.isolate']).toBeNull();
    expect(result.unavailable['ablate.isolate']).toMatch(/single output/);
    expect(result.families.ablate).toBe(result.metrics['ablate.cause']);
  });
});

/** A glass box whose every intervention flips its outputs, whatever values it is given. */
class Flipping extends GlassBox {
  protected override async _intervene(inputs: Matrix): Promise<Matrix> {
    const out = await this._predict(inputs);
    return { ...out, data: out.data.map((v) => 1 - v) };
  }
}

describe('an intervention that moves the output whatever the gate does', () => {
  it('produces every informative interchange answer on one binary output, yet scores no interchange accuracy', async () => {
    const task = circuitTask(3, { xor: true });
    const flipping = new Flipping('glass');
    await flipping.fit(task, { seed: 1 });
    const result = await analyzeCell(flipping, task, { seed: 5, families: ['mechanism'] });
    const gates = (
      result.raw['mechanism.iia'] as {
        gates: Array<{ produced: { units: number }; disrupted: { units: number } }>;
      }
    ).gates;
    // On g0 XOR g1 every informative pair wants the output flipped, and every other pair wants it kept.
    for (const g of gates) expect([g.produced.units, g.disrupted.units]).toEqual([1, 1]);
    expect(result.metrics['mechanism.iia']).toBe(0);
    const glass = await analyzed('glass', task, ['mechanism']);
    expect(glass.metrics['mechanism.iia']).toBeGreaterThan(0.9);
  });

  it('scores no gate on fewer informative pairs than MIN_INTERCHANGE_PAIRS, even a glass box', async () => {
    // 12 test rows leave each gate at most 12 pairs, of which about half are informative.
    const few = await analyzed('glass', circuitTask(3, { xor: true, testRows: 12 }), ['mechanism']);
    expect(few.metrics['mechanism.iia']).toBe(0);
    expect(few.nothingFound['mechanism.iia']).toMatch(/10 or more test pairs/);
  });
});

/** A glass box that refuses every intervention, as a substrate may refuse a state it cannot take. */
class Refusing extends GlassBox {
  protected override async _intervene(): Promise<Matrix> {
    throw new ScrutableError('BAD_INPUT', 'cannot force these states');
  }
}

describe('a substrate that refuses interventions', () => {
  it('scores 0 with its message on the families that need them, and scores on the others', async () => {
    const task = circuitTask(3);
    const substrate = new Refusing('glass');
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, { seed: 5, families: ['decode', 'ablate'] });
    expect(result.metrics['ablate.cause']).toBe(0);
    expect(result.nothingFound['ablate.cause']).toMatch(/cannot force these states/);
    expect(result.metrics['decode.selectivity']).toBeGreaterThan(0.5);
  });
});

describe('interpretabilityIndex', () => {
  it('is the weighted mean of the available family scores', () => {
    expect(interpretabilityIndex({ decode: 0.2, localize: 0.8, edit: null }, { localize: 3 })).toBeCloseTo(
      (0.2 + 3 * 0.8) / 4,
      12,
    );
    expect(interpretabilityIndex({ decode: null })).toBeNull();
  });
});
