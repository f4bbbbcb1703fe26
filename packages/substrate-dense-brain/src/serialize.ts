import {
  decodeFloat32,
  encodeFloat32,
  type OutputHead,
  outputWidth,
  ScrutableError,
  type SerializedSubstrate,
} from '@scrutable/core';
import { type DenseConfig, type ResolvedConfig, resolveConfig } from './config.js';
import type { DenseLayer } from './network.js';

/** The shared saved form: each layer's W is the row-major [to × from] matrix, b the biases, both encodeFloat32. */
export interface SavedDense {
  readonly config: DenseConfig;
  readonly heads: readonly OutputHead[];
  readonly inputWidth: number;
  readonly layers: ReadonlyArray<{ readonly W: string; readonly b: string }>;
}

/** The `data` of a saved substrate. */
export function toSaved(
  config: DenseConfig,
  heads: readonly OutputHead[],
  inputWidth: number,
  layers: readonly DenseLayer[],
): SavedDense {
  return {
    config,
    heads,
    inputWidth,
    layers: layers.map((l) => ({ W: encodeFloat32(l.weights), b: encodeFloat32(l.biases) })),
  };
}

function broken(message: string): never {
  throw new ScrutableError('BAD_STATE', `not a loadable dense substrate: ${message}`);
}

/**
 * Checks and decodes saved dense data (from this substrate or the TensorFlow.js one: the format is
 * shared, so the `substrate` field is not checked); throws BAD_STATE on anything inconsistent.
 */
export function fromSaved(saved: SerializedSubstrate): {
  config: DenseConfig;
  resolved: ResolvedConfig;
  heads: OutputHead[];
  inputWidth: number;
  layers: DenseLayer[];
} {
  const d = (saved as { data?: unknown } | undefined)?.data as Partial<SavedDense> | undefined;
  if (!d || typeof d !== 'object') broken('no data');
  if (saved.formatVersion !== 1) broken(`format version ${saved.formatVersion} (expected 1)`);
  let resolved: ResolvedConfig;
  try {
    resolved = resolveConfig(d.config);
  } catch (e) {
    broken(`bad config (${(e as Error).message})`);
  }
  const heads = d.heads;
  if (
    !Array.isArray(heads) ||
    heads.length === 0 ||
    !heads.every(
      (h) =>
        h &&
        typeof h.name === 'string' &&
        ['class', 'binary', 'real'].includes(h.kind) &&
        Number.isInteger(h.size) &&
        h.size >= 1,
    )
  )
    broken('heads must be a non-empty array of { name, kind, size }');
  const inputWidth = d.inputWidth;
  if (!Number.isInteger(inputWidth) || (inputWidth as number) < 1)
    broken('inputWidth must be a positive integer');
  const sizes = [inputWidth as number, ...resolved.hidden, outputWidth(heads)];
  if (!Array.isArray(d.layers) || d.layers.length !== sizes.length - 1)
    broken(`expected ${sizes.length - 1} layers for hidden ${JSON.stringify(resolved.hidden)}`);
  const layers = d.layers.map((l, i): DenseLayer => {
    const from = sizes[i]!;
    const to = sizes[i + 1]!;
    if (!l || typeof l.W !== 'string' || typeof l.b !== 'string') broken(`layer ${i} needs W and b strings`);
    const weights = decodeFloat32(l.W);
    const biases = decodeFloat32(l.b);
    if (weights.length !== to * from || biases.length !== to)
      broken(`layer ${i} should hold ${to}x${from} weights and ${to} biases`);
    if (![...weights, ...biases].every(Number.isFinite)) broken(`layer ${i} holds non-finite values`);
    return { from, to, weights, biases };
  });
  return {
    config: d.config ?? {},
    resolved,
    heads: heads.map((h) => ({ ...h })),
    inputWidth: inputWidth as number,
    layers,
  };
}
