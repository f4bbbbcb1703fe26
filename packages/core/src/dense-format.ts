import { type OutputHead, outputWidth } from './dataset.js';
import { decodeFloat32, encodeFloat32 } from './encoding.js';
import { ScrutableError } from './errors.js';
import { isOutputHead } from './heads.js';
import type { SerializedSubstrate } from './substrate.js';

/** One affine layer of a dense network: to = weights·from + biases, weights row-major [to x from]. */
export interface DenseLayerWeights {
  readonly from: number;
  readonly to: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

/**
 * The saved form every dense implementation shares, so one implementation's weights load into
 * another (the cross-implementation check): W row-major [to x from] and b, both encodeFloat32.
 */
export interface SavedDense {
  readonly config: unknown;
  readonly heads: readonly OutputHead[];
  readonly inputWidth: number;
  readonly layers: ReadonlyArray<{ readonly W: string; readonly b: string }>;
}

/** The `data` of a saved dense substrate. */
export function encodeDense(
  config: unknown,
  heads: readonly OutputHead[],
  inputWidth: number,
  layers: readonly DenseLayerWeights[],
): SavedDense {
  return {
    config,
    heads: heads.map((h) => ({ name: h.name, kind: h.kind, size: h.size })),
    inputWidth,
    layers: layers.map((l) => ({ W: encodeFloat32(l.weights), b: encodeFloat32(l.biases) })),
  };
}

function broken(message: string): never {
  throw new ScrutableError('BAD_STATE', `not a loadable dense substrate: ${message}`);
}

/**
 * Checks and decodes saved dense data from any dense implementation (the `substrate` id is not
 * checked). `hiddenOf` resolves the saved config to its hidden sizes and throws on a bad config.
 * Throws BAD_STATE on anything inconsistent.
 */
export function decodeDense(
  saved: SerializedSubstrate,
  hiddenOf: (config: unknown) => readonly number[],
): { config: unknown; heads: OutputHead[]; inputWidth: number; layers: DenseLayerWeights[] } {
  const d = (saved as { data?: unknown } | undefined)?.data as Partial<SavedDense> | undefined;
  if (!d || typeof d !== 'object') broken('no data');
  if (saved.formatVersion !== 1) broken(`format version ${saved.formatVersion} (expected 1)`);
  let hidden: readonly number[];
  try {
    hidden = hiddenOf(d.config);
  } catch (e) {
    broken(`bad config (${(e as Error).message})`);
  }
  const heads = d.heads;
  if (!Array.isArray(heads) || heads.length === 0 || !heads.every(isOutputHead)) {
    broken('heads must be a non-empty array of { name, kind, size }');
  }
  const inputWidth = d.inputWidth;
  if (typeof inputWidth !== 'number' || !Number.isInteger(inputWidth) || inputWidth < 1) {
    broken('inputWidth must be a positive integer');
  }
  const sizes = [inputWidth, ...hidden, outputWidth(heads)];
  if (!Array.isArray(d.layers) || d.layers.length !== sizes.length - 1) {
    broken(`expected ${sizes.length - 1} layers for hidden ${JSON.stringify(hidden)}`);
  }
  const layers = d.layers.map((l, i): DenseLayerWeights => {
    const from = sizes[i]!;
    const to = sizes[i + 1]!;
    if (!l || typeof l.W !== 'string' || typeof l.b !== 'string') broken(`layer ${i} needs W and b strings`);
    const weights = decodeFloat32(l.W);
    const biases = decodeFloat32(l.b);
    if (weights.length !== to * from || biases.length !== to) {
      broken(`layer ${i} should hold ${to}x${from} weights and ${to} biases`);
    }
    if (!weights.every(Number.isFinite) || !biases.every(Number.isFinite))
      broken(`layer ${i} holds non-finite values`);
    return { from, to, weights, biases };
  });
  return { config: d.config ?? {}, heads: heads.map((h) => ({ ...h })), inputWidth, layers };
}
