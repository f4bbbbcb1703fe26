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
import { AnalysisContext } from '../context.js';
import { rotatedDissection } from './rotated-dissection.js';

const UNITS = 64;

/**
 * Planted concept units on shapes: unit k is 1 exactly when the shape is class k (one perfect detector
 * per concept); the other units are seeded noise. Site `h` then the class logits.
 */
class PlantedDetectors extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'planted-detectors',
    family: 'control',
    synchronous: true,
    description: 'test',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe']);
  constructor(private readonly task: TaskInstance) {
    super();
  }
  protected async _fit(): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [
      { site: 'h', size: UNITS, state: 'activation' },
      { site: 'out', size: this.task.heads[0]!.size, state: 'preactivation' },
    ];
  }
  private hidden(inputs: Matrix): Matrix {
    const rng = new Rng(5);
    const h = matrix(inputs.rows, UNITS);
    for (let i = 0; i < inputs.rows; i++) {
      const shape = this.task.groundTruth(row(inputs, i)).latents[0]!;
      for (let u = 0; u < UNITS; u++) h.data[i * UNITS + u] = u === shape ? 1 : 0.3 * rng.normal();
    }
    return h;
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return matrix(inputs.rows, this.task.heads[0]!.size);
  }
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    return {
      states: { h: this.hidden(inputs), out: await this._predict(inputs) },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
}

describe('concept detectors under a rotated basis', () => {
  it('finds every planted detector in the own basis, and almost none once 64 units are rotated', async () => {
    const task = generateTask('shapes', { level: 1, seed: 0 });
    const substrate = new PlantedDetectors(task);
    await substrate.fit(task, { seed: 0 });
    const result = await rotatedDissection(new AnalysisContext(substrate, task, 0));
    if (typeof result === 'string') throw new Error(result);
    const classes = task.heads[0]!.size;
    expect(result.sites).toEqual(['h']);
    expect(result.concepts).toBe(classes);
    expect(result.uniqueDetectors).toBe(classes);
    expect(result.detections).toBe(classes);
    // A rotated direction mixes each indicator with 63 noise units of comparable weight.
    expect(result.rotatedUniqueDetectors).toBeLessThan(classes / 2);
    expect(result.drop).toBeGreaterThan(0.5);
  });

  it('says why elsewhere than shapes', async () => {
    const task = generateTask('shapes', { level: 1, seed: 0 });
    const other = generateTask('boolean', { level: 1, seed: 0 });
    const substrate = new PlantedDetectors(task);
    await substrate.fit(other, { seed: 0 });
    expect(await rotatedDissection(new AnalysisContext(substrate, other, 0))).toMatch(/shapes/);
  });
});
