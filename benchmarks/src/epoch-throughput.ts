import type { Dataset, Substrate } from '@scrutable/core';
import { cpuSeconds } from './cpu-clock.js';

/** Rows per second of wall time and per second of the process's CPU time, one sample per epoch. */
export interface EpochRates {
  perWallSecond: number[];
  perCpuSecond: number[];
}

/**
 * Training throughput of `substrate` on `data`: it is fitted for one warm-up epoch plus `repeats`
 * epochs, and each sample is the training rows over the wall time between two progress callbacks
 * (one per epoch), so weight initialisation and any pass after training are not counted; the same
 * epochs are also rated by the CPU time the process used (`cpuSeconds`).
 */
export async function epochThroughput(
  substrate: Substrate,
  data: Dataset,
  repeats: number,
): Promise<EpochRates> {
  const epochEnds: number[] = [];
  const epochCpuEnds: number[] = [];
  await substrate.fit(data, {
    seed: 1,
    budget: { epochs: repeats + 1 },
    onProgress: () => {
      epochEnds.push(performance.now());
      epochCpuEnds.push(cpuSeconds());
    },
  });
  const rows = data.train.inputs.rows;
  return {
    perWallSecond: epochEnds.slice(1).map((end, i) => rows / ((end - epochEnds[i]!) / 1000)),
    perCpuSecond: epochCpuEnds.slice(1).map((end, i) => rows / (end - epochCpuEnds[i]!)),
  };
}
