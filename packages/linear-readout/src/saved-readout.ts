import { check, decodeFloat32, encodeFloat32, type OutputHead, outputWidth } from '@scrutable/core';
import type { TrainedReadout } from './trained-readout.js';

/** A trained readout as JSON-safe data (arrays as base64 float32). */
export interface SavedTrainedReadout {
  readonly mean: string;
  readonly scale: string;
  readonly weights: string;
  readonly bias: string;
  readonly lambda: number;
}

export function saveTrainedReadout(readout: TrainedReadout): SavedTrainedReadout {
  return {
    mean: encodeFloat32(readout.mean),
    scale: encodeFloat32(readout.scale),
    weights: encodeFloat32(readout.weights),
    bias: encodeFloat32(readout.bias),
    lambda: readout.lambda,
  };
}

/** Restores a saved readout of `units` states for `heads`; throws BAD_STATE when it does not fit. */
export function loadTrainedReadout(
  saved: unknown,
  heads: readonly OutputHead[],
  units: number,
): TrainedReadout {
  const s = saved as SavedTrainedReadout;
  check(!!s && typeof s === 'object', 'saved readout missing', 'BAD_STATE');
  for (const key of ['mean', 'scale', 'weights', 'bias'] as const)
    check(typeof s[key] === 'string', `saved readout: ${key} missing`, 'BAD_STATE');
  check(
    typeof s.lambda === 'number' && s.lambda >= 0,
    'saved readout: lambda must be a number >= 0',
    'BAD_STATE',
  );
  const width = outputWidth(heads);
  const readout: TrainedReadout = {
    heads: heads.map((h) => ({ ...h })),
    mean: decodeFloat32(s.mean),
    scale: decodeFloat32(s.scale),
    weights: decodeFloat32(s.weights),
    bias: decodeFloat32(s.bias),
    lambda: s.lambda,
  };
  check(
    readout.mean.length === units && readout.scale.length === units,
    `saved readout: ${units} means and scales needed`,
    'BAD_STATE',
  );
  check(readout.weights.length === units * width, 'saved readout: weights have the wrong size', 'BAD_STATE');
  check(readout.bias.length === width, 'saved readout: bias has the wrong size', 'BAD_STATE');
  for (const a of [readout.mean, readout.scale, readout.weights, readout.bias])
    check(
      a.every((v) => Number.isFinite(v)),
      'saved readout holds non-finite values',
      'BAD_STATE',
    );
  return readout;
}
