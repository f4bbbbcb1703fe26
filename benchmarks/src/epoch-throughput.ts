import type { Dataset, Substrate } from '@scrutable/core';

/**
 * Training throughput of `substrate` on `data`: it is fitted for one warm-up epoch plus `repeats`
 * epochs, and each sample is the training rows over the wall time between two progress callbacks
 * (one per epoch), so weight initialisation and any pass after training are not counted.
 */
export async function epochThroughput(
  substrate: Substrate,
  data: Dataset,
  repeats: number,
): Promise<number[]> {
  const epochEnds: number[] = [];
  await substrate.fit(data, {
    seed: 1,
    budget: { epochs: repeats + 1 },
    onProgress: () => {
      epochEnds.push(performance.now());
    },
  });
  const rows = data.train.inputs.rows;
  return epochEnds.slice(1).map((end, i) => rows / ((end - epochEnds[i]!) / 1000));
}
