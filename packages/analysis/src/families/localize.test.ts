import {
  BaseSubstrate,
  type Capability,
  type FitReport,
  type Matrix,
  matrix,
  type Observation,
  Rng,
  row,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { generateTask, type TaskInstance } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../analyze.js';
import { privilegedSites } from '../units.js';

describe('privilegedSites', () => {
  it('keeps activations and units by construction, and drops every pre-activation', () => {
    const sites = privilegedSites([
      { site: 'h0.pre', size: 4, state: 'preactivation' },
      { site: 'h0.post', size: 4, state: 'activation' },
      { site: 'h1.pre', size: 4, state: 'rotated preactivation' },
      { site: 'h1.post', size: 4, state: 'rotated activation' },
      { site: 'exc', size: 4, state: 'spike-count' },
      { site: 'out.pre', size: 2, state: 'preactivation' },
    ]);
    expect(sites).toEqual(['h0.post', 'h1.post', 'exc']);
  });
});

/**
 * A substrate on the shapes task with a `where` site: a one-hot code of the shape class (a perfect
 * detector of each concept "shape = v"), at a site whose state is `state`; its `noise` site (an
 * activation) holds random units and its outputs are the true shapes.
 */
class ShapeCode extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'shape-code',
    family: 'control',
    synchronous: true,
    description: 'test',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe']);
  private readonly shapes = new Map<string, number>();
  private readonly classes: number;
  constructor(
    task: TaskInstance,
    readonly state: string,
  ) {
    super();
    for (const split of [task.train, task.test]) {
      const shape = split.latents.find((l) => l.name === 'shape')!;
      for (let i = 0; i < split.inputs.rows; i++)
        this.shapes.set(row(split.inputs, i).join(','), shape.values[i]!);
    }
    this.classes = task.heads[0]!.size;
  }
  protected async _fit(): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [
      { site: 'where', size: this.classes, state: this.state },
      { site: 'noise', size: 6, state: 'activation' },
    ];
  }
  private code(inputs: Matrix): Matrix {
    const m = matrix(inputs.rows, this.classes);
    for (let i = 0; i < inputs.rows; i++)
      m.data[i * this.classes + this.shapes.get(row(inputs, i).join(','))!] = 1;
    return m;
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.code(inputs);
  }
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    const rng = new Rng(inputs.rows);
    return {
      states: {
        where: this.code(inputs),
        noise: matrix(
          inputs.rows,
          6,
          Float32Array.from({ length: inputs.rows * 6 }, () => rng.normal()),
        ),
      },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
}

describe('localize.detectors', () => {
  const task = generateTask('shapes', { level: 1, seed: 1 });
  const detectors = async (state: string) => {
    const substrate = new ShapeCode(task, state);
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, { seed: 1, families: ['localize'] });
    return {
      score: result.metrics['localize.detectors'],
      raw: result.raw['localize.detectors'] as { sites: string[] },
    };
  };

  it('finds a detector for every shape in a one-hot code of activations', async () => {
    const { score, raw } = await detectors('activation');
    expect(score).toBe(1);
    expect(raw.sites).toEqual(['where', 'noise']);
  });

  it('does not dissect a pre-activation, where a unit direction means no more than any other', async () => {
    const { score, raw } = await detectors('preactivation');
    expect(raw.sites).toEqual(['noise']);
    expect(score).toBe(0);
  });
});
