import { type Matrix, matrix, type Raster } from '@scrutable/core';
import type { ConvertedParameters } from './normalise.js';
import type { LayerChanges, SpikingLayers } from './spiking-layers.js';

/** A batch read over one window: each hidden layer's drive and counts, the readout's drive, the cost. */
export interface BatchReading {
  readonly drives: Matrix[];
  readonly counts: Matrix[];
  readonly readout: Matrix;
  readonly rasters: Raster[][] | null;
  readonly synapticEvents: number;
}

/**
 * Runs every example of a batch for `windowMs` and reads each site in its state units (over the
 * window): counts are spikes; a drive is the charge a unit received (threshold 1: a spike's worth),
 * T·(W·x + b) for layer 0 and W·counts + T·b after it, so it is linear in W; the readout's drive is
 * W·counts + T·b of the last hidden layer. `changes` (per example) are applied in the simulation; the
 * readout's own changes are the caller's. Synaptic events are the simulator's (between hidden layers)
 * plus the readout's: its drive is the charge its synapses receive from the last hidden layer, summed
 * in closed form rather than delivered spike by spike, and each such spike is one event per readout
 * synapse it reaches (a nonzero weight).
 */
export function readBatch(
  params: ConvertedParameters,
  layers: SpikingLayers,
  inputs: Matrix,
  windowMs: number,
  changes: ((example: number) => readonly LayerChanges[] | null) | null,
  record: boolean,
): BatchReading {
  const hidden = params.layers.length - 1;
  const sizes = params.layers.map((layer) => layer.rows);
  const drives = sizes.slice(0, hidden).map((size) => matrix(inputs.rows, size));
  const counts = sizes.slice(0, hidden).map((size) => matrix(inputs.rows, size));
  const readout = matrix(inputs.rows, sizes[hidden]!);
  const rasters: Raster[][] | null = record ? sizes.slice(0, hidden).map(() => []) : null;
  let synapticEvents = 0;
  const fanOut = readoutFanOut(params);
  for (let e = 0; e < inputs.rows; e++) {
    const input = inputs.data.subarray(e * inputs.cols, (e + 1) * inputs.cols);
    const run = layers.run(input, windowMs, changes?.(e) ?? null, record);
    synapticEvents += run.synapticEvents;
    const last = run.counts[hidden - 1] ?? [];
    for (let u = 0; u < last.length; u++) synapticEvents += last[u]! * fanOut[u]!;
    const current0 = layers.layerCurrent(0, input);
    for (let l = 0; l <= hidden; l++) {
      const out = l < hidden ? drives[l]! : readout;
      const size = sizes[l]!;
      if (l === 0) for (let i = 0; i < size; i++) out.data[e * size + i] = windowMs * current0[i]!;
      else
        driveFromCounts(params, l, run.counts[l - 1]!, windowMs, out.data.subarray(e * size, (e + 1) * size));
      if (l < hidden) counts[l]!.data.set(run.counts[l]!, e * size);
    }
    run.trains?.forEach((train, l) => {
      rasters![l]!.push({ units: train.neurons, timesMs: Float32Array.from(train.timesMs) });
    });
  }
  return { drives, counts, readout, rasters, synapticEvents };
}

/** Per unit of the last hidden layer: how many readout units it reaches (nonzero weights). */
function readoutFanOut(params: ConvertedParameters): Int32Array {
  const { weights, rows, cols } = params.layers[params.layers.length - 1]!;
  const fanOut = new Int32Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (weights[i * cols + j] !== 0) fanOut[j]!++;
  return fanOut;
}

/** W·counts + T·b of layer l (l ≥ 1), written into `out`. */
export function driveFromCounts(
  params: ConvertedParameters,
  l: number,
  presynaptic: ArrayLike<number>,
  windowMs: number,
  out: Float32Array,
): void {
  const { weights, biases, rows, cols } = params.layers[l]!;
  for (let i = 0; i < rows; i++) {
    let sum = windowMs * biases[i]!;
    for (let j = 0; j < cols; j++) sum += weights[i * cols + j]! * presynaptic[j]!;
    out[i] = sum;
  }
}

/** Logits from the readout's drive: drive / (rate · T), the source's pre-activation scale. */
export function logitsFromReadout(readout: Matrix, params: ConvertedParameters, windowMs: number): Matrix {
  const scale = 1 / (params.ratePerMs * windowMs);
  return matrix(
    readout.rows,
    readout.cols,
    readout.data.map((x) => x * scale),
  );
}
