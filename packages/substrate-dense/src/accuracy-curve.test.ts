import { describe, expect, it } from 'vitest';
import dense from './index.js';
import { plantedDataset } from './test-data.js';

const data = plantedDataset(96, 6, 3);
const config = { hidden: [16], epochs: 12, batchSize: 16 };

async function fit(extra: Record<string, unknown>, epochs?: number) {
  const substrate = dense.create({ config: { ...config, ...extra } });
  const report = await substrate.fit(data, {
    seed: 5,
    ...(epochs !== undefined ? { budget: { epochs } } : {}),
  });
  substrate.dispose();
  return report;
}

describe('the accuracy curve recorded while training', () => {
  it('reads, at each epoch k, what a network trained for exactly k epochs scores on its training rows', async () => {
    const report = await fit({ recordEvery: 4 });
    const curve = JSON.parse(String(report.details?.curve));
    expect(curve.epochs).toEqual([0, 4, 8, 12]);
    expect(curve.heldOut).toEqual([]);
    // Training is deterministic for a seed, so the network after k epochs is the one a k-epoch budget returns.
    for (const [i, k] of curve.epochs.entries()) expect(curve.train[i]).toBe((await fit({}, k)).trainScore);
  });

  it('changes nothing in training, and reads the held-out rows when some are held out', async () => {
    const plain = await fit({ validationFraction: 0.25, patience: 100 });
    const recorded = await fit({ validationFraction: 0.25, patience: 100, recordEvery: 5 });
    expect(recorded.trainScore).toBe(plain.trainScore);
    expect(recorded.details?.validationLoss).toBe(plain.details?.validationLoss);
    const curve = JSON.parse(String(recorded.details?.curve));
    // Every fifth epoch and the last.
    expect(curve.epochs).toEqual([0, 5, 10, 12]);
    expect(curve.heldOut).toHaveLength(4);
    for (const a of [...curve.train, ...curve.heldOut]) expect(a).toBeGreaterThanOrEqual(0);
    expect(plain.details?.curve).toBeUndefined();
  });
});
