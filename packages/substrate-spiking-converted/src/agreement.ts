import { accuracy, type Matrix } from '@scrutable/core';
import type { ConvertedSubstrate } from './converted-substrate.js';
import { driveFromCounts } from './readings.js';

/** Reading windows (simulated ms) of the agreement curve. */
export const AGREEMENT_WINDOWS_MS: readonly number[] = [10, 20, 50, 100, 200, 500, 1000];

/** Agreement of the converted network's predictions with its source's, read over one window. */
export interface AgreementPoint {
  readonly windowMs: number;
  readonly agreement: number;
}

/**
 * Agreement of predicted classes (class heads by argmax, binary bits at 0.5, real values within 0.5:
 * `accuracy` with the source's outputs as targets) at each window, from one run of the longest: without
 * interventions every input is a constant current, so the spikes up to T are those of a run of T ms.
 */
export function agreementCurve(
  converted: ConvertedSubstrate,
  inputs: Matrix,
  sourceOutputs: Matrix,
  windowsMs: readonly number[] = AGREEMENT_WINDOWS_MS,
): AgreementPoint[] {
  const params = converted.net();
  const last = params.layers.length - 1;
  const longest = Math.max(...windowsMs);
  const reading = converted.readRecorded(inputs, longest);
  const rasters = reading.rasters![last - 1]!;
  const lastSize = params.layers[last - 1]!.rows;
  return windowsMs.map((windowMs) => {
    const readout = { rows: inputs.rows, cols: params.layers[last]!.rows, data: new Float32Array(0) };
    readout.data = new Float32Array(readout.rows * readout.cols);
    const counts = new Float64Array(lastSize);
    rasters.forEach((raster, e) => {
      counts.fill(0);
      raster.timesMs.forEach((t, k) => {
        if (t <= windowMs) counts[raster.units[k]!]!++;
      });
      driveFromCounts(
        params,
        last,
        counts,
        windowMs,
        readout.data.subarray(e * readout.cols, (e + 1) * readout.cols),
      );
    });
    return {
      windowMs,
      agreement: accuracy(converted.outputs(readout, windowMs), sourceOutputs, converted.heads),
    };
  });
}
