import { type Matrix, matrix, type Substrate, type SubstrateFactory } from '@scrutable/core';
import { Network } from '@scrutable/spiking-sim';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it, vi } from 'vitest';
import spiking, { untrainedSpikingFactory } from '../index.js';

const config = { excitatory: 20, epochs: 1, windowMs: 60 };
const run = { seed: 5 };
const task = generateTask('boolean', { level: 1, seed: 0 });
const inputs: Matrix = matrix(
  10,
  task.test.inputs.cols,
  task.test.inputs.data.slice(0, 10 * task.test.inputs.cols),
);
const clampToMean = { kind: 'ablate', site: 'exc', units: [0, 3, 7], value: 'mean' } as const;

/** Everything the analyses read, in the order they read it. */
async function readings(s: Substrate) {
  const observed = await s.observe(inputs, { ...run, rasters: true });
  return {
    observed,
    predicted: await s.predict(inputs, run),
    ablated: await s.intervene(inputs, clampToMean, run),
    silenced: await s.intervene(inputs, { kind: 'ablate', site: 'exc', units: [1, 2] }, run),
  };
}

/** A substrate of a fresh copy of the module, whose presentation cache is empty. */
async function uncached(saved: ReturnType<Substrate['save']>): Promise<Substrate> {
  vi.resetModules();
  const fresh = (await import('../index.js')).default as SubstrateFactory;
  return fresh.load(saved);
}

/** Copies of the readings without wall times (the only part that may differ). */
function comparable(r: Awaited<ReturnType<typeof readings>>) {
  const { wallMs: _, ...cost } = r.observed.cost;
  return { ...r, observed: { ...r.observed, cost } };
}

describe('replayed presentations', () => {
  it('give exactly what presenting again gives, costs included, and do not run the network again', async () => {
    const s = spiking.create({ config });
    await s.fit(task, { seed: 2 });
    const first = await readings(s);
    const runs = vi.spyOn(Network.prototype, 'run');
    const again = await readings(s);
    // the two interventions still run (a mean ablation and a silencing); the plain reads are replayed
    expect(runs.mock.calls.length).toBeGreaterThan(0);
    expect(runs.mock.calls.length).toBeLessThanOrEqual(2 * inputs.rows * (1 + 3));
    runs.mockClear();
    await s.observe(inputs, run);
    await s.predict(inputs, run);
    expect(runs).not.toHaveBeenCalled();
    runs.mockRestore();
    const fresh = await readings(await uncached(s.save()));
    expect(comparable(again)).toEqual(comparable(first));
    expect(comparable(fresh)).toEqual(comparable(first));
    expect(first.observed.cost.synapticEvents).toBeGreaterThan(0);
  });

  it('are not replayed for a network an edit changed', async () => {
    const s = spiking.create({ config });
    await s.fit(task, { seed: 2 });
    const before = await s.observe(inputs, run);
    const view = s.parameters().find((p) => p.name === 'exc.theta')!;
    s.applyEdit({ name: view.name, delta: new Float32Array(view.rows).fill(-4) });
    const after = await s.observe(inputs, run);
    const edited = await uncached(s.save());
    expect(after.states).toEqual((await edited.observe(inputs, run)).states);
    expect(after.states).not.toEqual(before.states);
  });

  it('are shared with an untrained twin that builds the same network', async () => {
    const control = untrainedSpikingFactory.create({ config });
    await control.fit(task, { seed: 4 });
    const twin = spiking.create({ config });
    const runs = vi.spyOn(Network.prototype, 'run');
    await twin.fit(task, { seed: 4, budget: { epochs: 0 } });
    expect(runs).not.toHaveBeenCalled();
    runs.mockRestore();
    expect(await twin.predict(task.test.inputs, run)).toEqual(await control.predict(task.test.inputs, run));
  });
});
