import { maxAbsDiff } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { analyzeCell } from './index.js';

/** A small dense net, trained for real, on one domain. */
async function trained(domain: string, level: number, hidden: number[]) {
  const task = generateTask(domain, { level, seed: 2 });
  const substrate = dense.create({ config: { hidden, epochs: 150 } });
  await substrate.fit(task, { seed: 1 });
  return { task, substrate };
}

describe('analyses of a trained dense net', () => {
  it('lowers P(step toward cheese) at decision squares by subtracting the cheese vector (gridworld L1)', async () => {
    const { task, substrate } = await trained('gridworld', 1, [64, 64]);
    const result = await analyzeCell(substrate, task, { seed: 1, families: ['steer'], figures: true });
    const g = result.raw['steer.success'] as {
      site: string;
      steeredShare: number;
      controlShare: number;
      pBefore: number[];
      pAfter: number[];
      medianBefore: number;
      medianAfter: number;
    };
    // Neither the logits nor the layer one linear map before them: h0.pre, h0.post or h1.pre.
    expect(['h0.pre', 'h0.post', 'h1.pre']).toContain(g.site);
    expect(g.steeredShare).toBeGreaterThan(g.controlShare);
    expect(g.pBefore.length).toBeGreaterThan(5);
    expect(g.medianAfter).toBeLessThan(g.medianBefore);
    const lowered = g.pAfter.filter((p, i) => p < g.pBefore[i]!).length;
    expect(lowered / g.pAfter.length).toBeGreaterThan(0.5);
    // What is drawn is what was scored: the maze figure steers at the scored site and coefficient.
    const figure = result.figures?.gridworld;
    expect(figure?.site).toBe(g.site);
    expect(figure?.coefficientSd).toBe(
      (result.raw['steer.success'] as { coefficientSd: number }).coefficientSd,
    );
  });

  it('edits facts in closed form at a hidden layer, the mean key shifted by exactly δ, and restores the weights (facts L1)', async () => {
    const { task, substrate } = await trained('facts', 1, [32, 32]);
    const before = await substrate.predict(task.test.inputs);
    const result = await analyzeCell(substrate, task, { seed: 1, families: ['edit'] });
    const after = await substrate.predict(task.test.inputs);
    expect(maxAbsDiff(before, after)).toBeLessThan(1e-4);
    const raw = result.raw['edit.score'] as {
      view: string;
      from: string;
      to: string;
      edits: Array<{ step: number | null; landing: number }>;
    };
    // The key is the first hidden layer's activation (a representation the net computed), the value
    // the next layer's pre-activation: W1, not W0 (which reads the raw input).
    expect([raw.view, raw.from, raw.to]).toEqual(['W1', 'h0.post', 'h1.pre']);
    const reached = raw.edits.filter((e) => e.step !== null);
    expect(reached.length).toBeGreaterThan(0);
    // ΔW k* = δ with k* the mean key of the training paraphrases: the mean pre-activation of those
    // paraphrases, read back through observe, moves by δ (float32 arithmetic aside).
    for (const e of raw.edits) expect(e.landing).toBeLessThan(1e-4);
    expect(result.metrics['edit.score']).not.toBeNull();
    // The same net at its random initialisation has no fact to edit: its keys carry no attribute.
    const untrained = dense.create({ config: { hidden: [32, 32] } });
    await untrained.fit(task, { seed: 1, budget: { epochs: 0 } });
    const control = await analyzeCell(untrained, task, { seed: 1, families: ['edit'] });
    expect(control.metrics['edit.score']).not.toBeNull();
    expect(result.metrics['edit.score']!).toBeGreaterThan(control.metrics['edit.score']! + 0.3);
  });

  it('returns every metric in [0, 1] or null with a reason, and JSON-safe raw figures (boolean L2)', async () => {
    const { task, substrate } = await trained('boolean', 2, [32]);
    const result = await analyzeCell(substrate, task, { seed: 3, maxExamples: 200 });
    for (const [id, v] of Object.entries(result.metrics)) {
      if (v === null) expect(result.unavailable[id]).toBeTruthy();
      else {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(JSON.parse(JSON.stringify(result.raw))).toEqual(result.raw);
    expect(result.cost.forwardPasses).toBeGreaterThan(0);
    // Each family that ran has its time, and together they are part of the cell's analysis time.
    const familyMs = result.cost.familyMs ?? {};
    const ran = Object.entries(result.families).filter(([, score]) => score !== null);
    expect(Object.keys(familyMs).sort()).toEqual([...ran.map(([family]) => family), 'evidence'].sort());
    const times = Object.values(familyMs);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(0);
    expect(times.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(result.cost.analysisMs);
    const again = await analyzeCell(substrate, task, { seed: 3, maxExamples: 200 });
    expect(again.metrics).toEqual(result.metrics);
  });
});
