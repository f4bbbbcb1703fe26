import { hashSeed, type Matrix, matrix, type Raster, rowHash } from '@scrutable/core';
import type { PlasticConfig } from './config.js';
import { HIDDEN_NEURON, type HiddenLayer } from './hidden-layer.js';
import { type InputTrains, inputTrains } from './input-trains.js';

/** Run seed of forward passes when RunOptions.seed is absent. */
export const DEFAULT_RUN_SEED = 0;

/** A batch run over one window: hidden counts [examples x hidden], rasters when asked. */
export interface BatchRun {
  readonly counts: Matrix;
  readonly rasters: Raster[] | null;
  readonly synapticEvents: number;
}

/**
 * Seed of one example's input spikes: from the run seed and the row's values (`rowHash`), not its
 * position, so an example fires the same spikes alone or in any batch.
 */
export function exampleSeed(runSeed: number, inputs: Matrix, r: number): number {
  return hashSeed(runSeed, 'example', rowHash(inputs, r));
}

/** Every row's input spikes over `windowMs`. */
export function encodeBatch(
  inputs: Matrix,
  config: PlasticConfig,
  windowMs: number,
  runSeed: number,
): InputTrains[] {
  return Array.from({ length: inputs.rows }, (_, r) =>
    inputTrains(
      inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols),
      config,
      windowMs,
      exampleSeed(runSeed, inputs, r),
    ),
  );
}

/**
 * The synaptic drive of each hidden neuron: the mV its synapses deliver over the window, Σ_i jump_ji ·
 * spikes_i (clock included), [examples x hidden]. Jumps arriving while a neuron is refractory count too.
 */
export function batchDrives(trains: readonly InputTrains[], jumps: Float64Array, hidden: number): Matrix {
  const drives = matrix(trains.length, hidden);
  trains.forEach((t, r) => {
    const channels = t.counts.length;
    for (let j = 0; j < hidden; j++) {
      let drive = 0;
      for (let i = 0; i < channels; i++) drive += jumps[j * channels + i]! * t.counts[i]!;
      drives.data[r * hidden + j] = drive;
    }
  });
  return drives;
}

/**
 * Presents every example for `windowMs`. `driveChange` [examples x hidden] (mV over the window, or
 * null) is added to each neuron's drive as a constant current: the resting-potential shift Δ·τm/T
 * delivers Δ mV of charge over a window of T.
 */
export function runBatch(
  layer: HiddenLayer,
  trains: readonly InputTrains[],
  windowMs: number,
  driveChange: Matrix | null,
  record: boolean,
): BatchRun {
  const hidden = layer.hidden;
  const counts = matrix(trains.length, hidden);
  const rasters: Raster[] = [];
  let synapticEvents = 0;
  const bias = new Float64Array(hidden);
  trains.forEach((t, r) => {
    if (driveChange)
      for (let j = 0; j < hidden; j++)
        bias[j] = (driveChange.data[r * hidden + j]! * HIDDEN_NEURON.tauMs) / windowMs;
    const run = layer.run(t, windowMs, driveChange ? bias : null, null, record);
    counts.data.set(run.counts, r * hidden);
    if (run.train) rasters.push({ units: run.train.neurons, timesMs: Float32Array.from(run.train.timesMs) });
    synapticEvents += run.synapticEvents;
  });
  return { counts, rasters: record ? rasters : null, synapticEvents };
}
