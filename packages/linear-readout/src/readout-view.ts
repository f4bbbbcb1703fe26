import { check, type ParameterView } from '@scrutable/core';
import type { TrainedReadout } from './trained-readout.js';

/** Name of a trained readout's parameter view. */
export const READOUT_VIEW = 'readout';

/**
 * A trained readout as a parameter view from the site it reads to the outputs: [output width x units],
 * the weights on the standardised states (a unit's standardisation is a fixed scale and shift, so the
 * outputs' scores are one linear map of the site's states). Declaring it tells the analyses that the
 * site is one linear map before the readout (steering there flips any accurate readout whatever was
 * learned, so steering leaves it out). `readout()` returns the readout in use when read, or throws.
 */
export function readoutView(from: string, readout: () => TrainedReadout): ParameterView {
  const shape = readout();
  const units = shape.mean.length;
  const width = shape.bias.length;
  return {
    name: READOUT_VIEW,
    from,
    to: 'output',
    rows: width,
    cols: units,
    read: () => {
      const { weights } = readout();
      return Float32Array.from({ length: width * units }, (_, k) => {
        const [output, unit] = [Math.floor(k / units), k % units];
        return weights[unit * width + output]!;
      });
    },
  };
}

/** Adds `delta` ([output width x units], as the view reads) to the readout's weights in place. */
export function editReadout(readout: TrainedReadout, delta: Float32Array): void {
  const units = readout.mean.length;
  const width = readout.bias.length;
  check(delta.length === units * width, `readout: an edit needs ${units * width} values`, 'BAD_INPUT');
  for (let output = 0; output < width; output++)
    for (let unit = 0; unit < units; unit++)
      readout.weights[unit * width + output]! += delta[output * units + unit]!;
}
