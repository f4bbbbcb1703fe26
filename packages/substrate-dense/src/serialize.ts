import {
  decodeFloat32,
  encodeFloat32,
  type OutputHead,
  outputWidth,
  ScrutableError,
  type SerializedSubstrate,
} from '@scrutable/core';
import { type ResolvedConfig, resolveConfig } from './config.js';
import type { LayerWeights } from './network.js';

/** The saved form shared by both dense implementations; W is row-major [to x from], both encodeFloat32. */
export interface SavedDense {
  readonly config: ResolvedConfig;
  readonly heads: readonly OutputHead[];
  readonly inputWidth: number;
  readonly layers: ReadonlyArray<{ readonly W: string; readonly b: string }>;
}

/** The `data` of a saved dense substrate. */
export function toSaved(
  config: ResolvedConfig,
  heads: readonly OutputHead[],
  inputWidth: number,
  layers: readonly LayerWeights[],
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
 * Checks and decodes saved dense data. The format is shared with the brain.js implementation, so the
 * `substrate` id is not checked. Throws BAD_STATE on anything inconsistent.
 */
export function fromSaved(saved: SerializedSubstrate): {
  config: ResolvedConfig;
  heads: OutputHead[];
  inputWidth: number;
  layers: LayerWeights[];
} {
  if (!saved || typeof saved !== 'object') broken('not an object');
  if (saved.formatVersion !== 1) broken(`format version ${saved.formatVersion} (expected 1)`);
  const d = saved.data as Partial<SavedDense> | undefined;
  if (!d || typeof d !== 'object') broken('no data');
  let config: ResolvedConfig;
  try {
    config = resolveConfig(d.config);
  } catch (e) {
    broken(`bad config (${(e as Error).message})`);
  }
  const heads = d.heads;
  if (
    !Array.isArray(heads) ||
    heads.length === 0 ||
    !heads.every(
      (h: OutputHead) =>
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
  const sizes = [inputWidth as number, ...config.hidden, outputWidth(heads)];
  if (!Array.isArray(d.layers) || d.layers.length !== sizes.length - 1)
    broken(`expected ${sizes.length - 1} layers for hidden ${JSON.stringify(config.hidden)}`);
  const layers = d.layers.map((l, i): LayerWeights => {
    const from = sizes[i]!;
    const to = sizes[i + 1]!;
    if (!l || typeof l.W !== 'string' || typeof l.b !== 'string') broken(`layer ${i} needs W and b strings`);
    const weights = decodeFloat32(l.W);
    const biases = decodeFloat32(l.b);
    if (weights.length !== to * from || biases.length !== to)
      broken(`layer ${i} should hold ${to}x${from} weights and ${to} biases`);
    if (!weights.every(Number.isFinite) || !biases.every(Number.isFinite))
      broken(`layer ${i} holds non-finite values`);
    return { from, to, weights, biases };
  });
  return { config, heads: heads.map((h) => ({ ...h })), inputWidth: inputWidth as number, layers };
}
