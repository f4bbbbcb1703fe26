import {
  BaseSubstrate,
  type Capability,
  type FitReport,
  fromRows,
  type Matrix,
  matrix,
  type Observation,
  type ObserveOptions,
  Rng,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import type { TaskInstance } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../analyze.js';
import { WINDOWS_MS } from './observe.js';

/** Noise variance of a reading of one window of 1 ms (a reading of w ms has variance NOISE / w). */
const NOISE = 10;

/** A task whose one latent, u0·u1, is not linear in the inputs (u ~ N(0, 1)). */
function productTask(): TaskInstance {
  const rng = new Rng(1);
  const split = (n: number) => {
    const inputs = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
    const values = Float32Array.from(inputs, ([a, b]) => a! * b!);
    return {
      inputs: fromRows(inputs),
      targets: fromRows(Array.from(values, (v) => [v])),
      latents: [{ name: 'product', kind: 'continuous' as const, values }],
    };
  };
  return {
    name: 'product',
    inputNames: ['u0', 'u1'],
    heads: [{ name: 'y', kind: 'real', size: 1 }],
    train: split(300),
    test: split(200),
    domain: 'grammar',
    level: 1,
    seed: 1,
    chance: 0,
    complexity: 1,
    structure: {
      domain: 'grammar',
      states: 1,
      vocabulary: 1,
      contextLength: 1,
      emissions: new Float32Array(1),
      transitions: new Int32Array(1),
    },
    groundTruth: (input) => ({
      latents: Float32Array.of(input[0]! * input[1]!),
      targets: Float32Array.of(input[0]! * input[1]!),
    }),
  };
}

/** Reads the latent through noise that averages out over the window, like a spike count. */
class TimedReader extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'timed',
    family: 'control',
    synchronous: false,
    description: 'timed test reader',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe']);
  protected async _fit(): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [{ site: 'rate', size: 1, state: 'rate' }];
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return matrix(
      inputs.rows,
      1,
      Float32Array.from({ length: inputs.rows }, (_, i) => inputs.data[2 * i]! * inputs.data[2 * i + 1]!),
    );
  }
  protected override async _observe(
    inputs: Matrix,
    _sites: readonly string[],
    options: ObserveOptions,
  ): Promise<Observation> {
    const windowMs = options.windowMs ?? 100;
    const rng = new Rng(options.seed ?? 0);
    const sd = Math.sqrt(NOISE / windowMs);
    const rate = Float32Array.from(
      { length: inputs.rows },
      (_, i) => inputs.data[2 * i]! * inputs.data[2 * i + 1]! + rng.normal(0, sd),
    );
    return {
      states: { rate: matrix(inputs.rows, 1, rate) },
      cost: { forwardPasses: 0, simulatedMs: windowMs * inputs.rows, synapticEvents: 0, wallMs: 0 },
    };
  }
}

describe('observe on a substrate that reads in time', () => {
  it('finds the reading budget that reaches 90% of the asymptotic decode score, and unstable readings', async () => {
    const task = productTask();
    const substrate = new TimedReader();
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, {
      seed: 2,
      families: ['observe'],
      readingWindowMs: 100,
    });
    // Closed form: a latent of variance 1 read with noise variance NOISE / w has R² = 1 / (1 + NOISE / w).
    const r2 = WINDOWS_MS.map((w) => 1 / (1 + NOISE / w));
    const budget = WINDOWS_MS[r2.findIndex((r) => r >= 0.9 * r2[r2.length - 1]!)]!;
    const [cost] = result.readingCost;
    expect(cost?.family).toBe('decode');
    expect(cost?.windowMs).toBe(budget);
    // The substrate reports windowMs of simulated time per example read.
    expect(cost?.budget?.simulatedMs).toBeCloseTo(budget, 9);
    // Two readings of the analysis window (100 ms): agreement = 1 − 2σ²/(2(1 + σ²)), σ² = NOISE / 100.
    const s2 = NOISE / 100;
    expect(result.metrics['observe.stability']).toBeCloseTo(1 - s2 / (1 + s2), 1);
    // observe is an axis beside the index, never in it.
    expect(result.index).toBeNull();
  });
});

/** A substrate whose one unit reads the same value for every input, as a silent neuron does. */
class Silent extends TimedReader {
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    return {
      states: { rate: matrix(inputs.rows, 1, new Float32Array(inputs.rows).fill(3)) },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
}

describe('observe on a substrate none of whose units varies', () => {
  it('finds no stability (0 with the reason), not a perfect 1', async () => {
    const task = productTask();
    const substrate = new Silent();
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, { seed: 2, families: ['observe'] });
    expect(result.metrics['observe.stability']).toBe(0);
    expect(result.nothingFound['observe.stability']).toMatch(/no unit varies/);
    // Nothing decodable: the asymptote is below the floor, so there is no budget to reach.
    expect(result.readingCost[0]?.budget).toBeNull();
  });
});
