import {
  headActivations,
  type LayerWeights,
  type Matrix,
  matrix,
  type OutputHead,
  type UnitGroup,
} from '@scrutable/core';
import type { Activation } from './config.js';

/** Called with each site's states as soon as they are computed; may change them in place. */
export type SiteHook = (site: string, states: Matrix) => void;

/** The nonlinearity as a function of one preactivation. */
export function activate(activation: Activation): (x: number) => number {
  switch (activation) {
    case 'relu':
      return (x) => Math.max(x, 0);
    case 'tanh':
      return Math.tanh;
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
  }
}

/** Readable sites in forward order: `h{i}.pre`, `h{i}.post` per hidden layer, then `out.pre`. */
export function unitGroups(layers: readonly LayerWeights[]): UnitGroup[] {
  const groups: UnitGroup[] = [];
  layers.forEach((layer, i) => {
    if (i === layers.length - 1) {
      groups.push({ site: 'out.pre', size: layer.to, state: 'preactivation' });
    } else {
      groups.push({ site: `h${i}.pre`, size: layer.to, state: 'preactivation' });
      groups.push({ site: `h${i}.post`, size: layer.to, state: 'activation' });
    }
  });
  return groups;
}

/** `inputs · Wᵀ + b` for every row: [rows × layer.to]. */
export function affine(inputs: Matrix, layer: LayerWeights): Matrix {
  const out = matrix(inputs.rows, layer.to);
  const { weights, biases, from, to } = layer;
  for (let r = 0; r < inputs.rows; r++) {
    const x = inputs.data.subarray(r * from, (r + 1) * from);
    for (let i = 0; i < to; i++) {
      let sum = biases[i]!;
      const offset = i * from;
      for (let j = 0; j < from; j++) sum += weights[offset + j]! * x[j]!;
      out.data[r * to + i] = sum;
    }
  }
  return out;
}

/**
 * Runs the network on a batch: every site's states (after `hook` saw them) and the post-head outputs.
 * The rest of the network always runs from the states the hook left, so interventions propagate.
 */
export function forward(
  layers: readonly LayerWeights[],
  activation: Activation,
  heads: readonly OutputHead[],
  inputs: Matrix,
  hook?: SiteHook,
): { states: Record<string, Matrix>; outputs: Matrix } {
  const f = activate(activation);
  const states: Record<string, Matrix> = {};
  let current = inputs;
  layers.forEach((layer, i) => {
    const pre = affine(current, layer);
    if (i === layers.length - 1) {
      hook?.('out.pre', pre);
      states['out.pre'] = pre;
      current = pre;
      return;
    }
    hook?.(`h${i}.pre`, pre);
    const post = matrix(pre.rows, pre.cols, pre.data.map(f));
    hook?.(`h${i}.post`, post);
    states[`h${i}.pre`] = pre;
    states[`h${i}.post`] = post;
    current = post;
  });
  return { states, outputs: headActivations(current, heads) };
}
