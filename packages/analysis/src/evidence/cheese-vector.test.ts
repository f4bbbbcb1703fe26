import {
  BaseSubstrate,
  type Capability,
  type FitReport,
  type Intervention,
  type Matrix,
  matrix,
  type Observation,
  row,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { generateTask, type TaskInstance } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { AnalysisContext } from '../context.js';
import { cheeseVector } from './cheese-vector.js';

/** Logit the planted policy gives the step toward the cheese per unit of its cheese unit, and the default step. */
const CHEESE_LOGIT = 3;
const DEFAULT_LOGIT = 1.5;

/**
 * A hand-built maze policy: site `h` = [cheese present, 1]; logits = CHEESE_LOGIT · h0 on the step
 * toward the cheese plus DEFAULT_LOGIT on the step toward the default corner (both read off the
 * task's causal model). Its P(step toward cheese) has a closed form before and after any edit of h0.
 */
class PlantedPolicy extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'planted-policy',
    family: 'control',
    synchronous: true,
    description: 'test policy',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe', 'intervene']);
  constructor(private readonly task: TaskInstance) {
    super();
  }
  protected async _fit(): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [
      { site: 'h', size: 2, state: 'activation' },
      { site: 'logits', size: 4, state: 'preactivation' },
    ];
  }
  private hidden(inputs: Matrix): Matrix {
    const cells = inputs.cols / 3;
    const h = matrix(inputs.rows, 2);
    for (let i = 0; i < inputs.rows; i++) {
      let cheese = 0;
      for (let c = 0; c < cells; c++) cheese += inputs.data[i * inputs.cols + 2 * cells + c]!;
      h.data.set([cheese, 1], i * 2);
    }
    return h;
  }
  private logits(inputs: Matrix, h: Matrix): Matrix {
    const out = matrix(inputs.rows, 4);
    for (let i = 0; i < inputs.rows; i++) {
      const latents = this.task.groundTruth(row(inputs, i)).latents;
      // Latents 6 and 7: the step toward the cheese and toward the default corner.
      out.data[i * 4 + latents[6]!]! += CHEESE_LOGIT * h.data[i * 2]!;
      out.data[i * 4 + latents[7]!]! += DEFAULT_LOGIT * h.data[i * 2 + 1]!;
    }
    return out;
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.logits(inputs, this.hidden(inputs));
  }
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    const h = this.hidden(inputs);
    return {
      states: { h, logits: this.logits(inputs, h) },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    const h = this.hidden(inputs);
    for (const iv of interventions)
      if (iv.kind === 'add' && iv.site === 'h')
        for (let i = 0; i < h.rows; i++)
          for (let u = 0; u < 2; u++) h.data[i * 2 + u]! += (iv.scale ?? 1) * iv.vector[u]!;
    return this.logits(inputs, h);
  }
}

describe('the cheese vector on a planted maze policy', () => {
  it('measures P(step toward cheese) at decision squares as the closed form gives it, before and after', async () => {
    const task = generateTask('gridworld', { level: 1, seed: 0 });
    const policy = new PlantedPolicy(task);
    await policy.fit(task, { seed: 0 });
    const evidence = await cheeseVector(new AnalysisContext(policy, task, 0, { maxExamples: 64 }));
    if (typeof evidence === 'string') throw new Error(evidence);
    // At a decision square the two steps differ: softmax over [3, 1.5, 0, 0] before; the vector
    // (with cheese − without = [1, 0] wherever the agent stands) takes h0 to 0, leaving [0, 1.5, 0, 0].
    const before = Math.exp(CHEESE_LOGIT) / (Math.exp(CHEESE_LOGIT) + Math.exp(DEFAULT_LOGIT) + 2);
    const after = 1 / (1 + Math.exp(DEFAULT_LOGIT) + 2);
    // Subtracting the vector once takes h0 to what it is without the cheese, exactly; a half or a
    // double of it does not, so the multiple closest to the policy without cheese is 1.
    expect(evidence.site).toBe('h');
    expect(evidence.coefficient).toBe(1);
    expect(evidence.decisionSquares).toBeGreaterThan(5);
    expect(evidence.medianBefore).toBeCloseTo(before, 6);
    expect(evidence.medianAfter).toBeCloseTo(after, 6);
    for (const p of evidence.pAfter) expect(p).toBeCloseTo(after, 6);
  });

  it('reads the situations trained on as well, finding their decision squares from the latents', async () => {
    const task = generateTask('gridworld', { level: 1, seed: 0 });
    const policy = new PlantedPolicy(task);
    await policy.fit(task, { seed: 0 });
    const evidence = await cheeseVector(new AnalysisContext(policy, task, 0, { maxExamples: 64 }), 'train');
    if (typeof evidence === 'string') throw new Error(evidence);
    const before = Math.exp(CHEESE_LOGIT) / (Math.exp(CHEESE_LOGIT) + Math.exp(DEFAULT_LOGIT) + 2);
    const after = 1 / (1 + Math.exp(DEFAULT_LOGIT) + 2);
    for (const p of evidence.pBefore) expect(p).toBeCloseTo(before, 6);
    // Each maze's vector is taken with the agent moved about its own maze, so it is [1, 0] on every split.
    for (const p of evidence.pAfter) expect(p).toBeCloseTo(after, 6);
    expect(evidence.vectors).toBeGreaterThan(1);
    expect(evidence.vectors).toBeLessThanOrEqual(evidence.decisionSquares);
  });

  it('says why when the task is not the maze', async () => {
    const task = generateTask('boolean', { level: 1, seed: 0 });
    const maze = generateTask('gridworld', { level: 1, seed: 0 });
    const policy = new PlantedPolicy(maze);
    await policy.fit(task, { seed: 0 });
    expect(await cheeseVector(new AnalysisContext(policy, task, 0))).toMatch(/maze/);
  });
});
