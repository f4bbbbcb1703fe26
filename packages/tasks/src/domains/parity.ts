import { Rng } from '@scrutable/core';
import { assembleTask, ExampleTable, forced, type LatentSpec, splitRows, tableBits } from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/**
 * Input bits n, relevant bits k and examples per level (index = level - 1). Up to n = 10 every input
 * appears once; above, distinct inputs are drawn. A network must find k of n bits, and no function of
 * fewer than k of them says anything about the target, so the search grows like n^k.
 */
const LEVELS = [
  { bits: 8, relevant: 2, rows: 256 },
  { bits: 10, relevant: 3, rows: 1024 },
  { bits: 12, relevant: 4, rows: 2500 },
  { bits: 14, relevant: 5, rows: 3500 },
  { bits: 16, relevant: 6, rows: 5000 },
] as const;
const TEST_FRACTION = 0.3;

/** Latents in order: the relevant bits, then the partial parities of the first 2..k of them. */
function latentSpecs(k: number): LatentSpec[] {
  return [
    ...Array.from({ length: k }, (_, j): LatentSpec => ({ name: `bit_${j}`, kind: 'binary', categories: 2 })),
    ...Array.from(
      { length: k - 1 },
      (_, j): LatentSpec => ({ name: `parity_${j + 2}`, kind: 'binary', categories: 2 }),
    ),
  ];
}

/** `rows` distinct inputs of `bits` bits, as integers: all of them in order when they fit, else drawn. */
function drawInputs(rng: Rng, bits: number, rows: number): number[] {
  const all = 2 ** bits;
  if (rows >= all) return Array.from({ length: all }, (_, i) => i);
  const seen = new Set<number>();
  while (seen.size < rows) seen.add(rng.int(all));
  return [...seen];
}

function generate(level: number, seed: number): TaskInstance {
  const shape = LEVELS[level - 1]!;
  const rng = new Rng(seed);
  const relevant = rng.fork('relevant').permutation(shape.bits).slice(0, shape.relevant);
  const k = relevant.length;
  const latents = latentSpecs(k);
  // Causal model: relevant bits -> parity_2 -> parity_3 -> ... -> parity_k = target.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const bit = (j: number) => (forced(overrides, j, input[relevant[j]!]!) > 0.5 ? 1 : 0);
    const values: number[] = relevant.map((_, j) => bit(j));
    let parity: number = values[0]!;
    for (let j = 1; j < k; j++) {
      parity = forced(overrides, k + j - 1, parity ^ values[j]!) > 0.5 ? 1 : 0;
      values.push(parity);
    }
    return { latents: Float32Array.from(values), targets: Float32Array.of(parity) };
  };
  const codes = drawInputs(rng.fork('inputs'), shape.bits, shape.rows);
  const table = new ExampleTable(shape.bits, 1, latents.length, codes.length);
  for (const code of codes) {
    const input = Float32Array.from({ length: shape.bits }, (_, i) => (code >> i) & 1);
    table.add({ input, ...groundTruth(input, new Map()) });
  }
  const { train, test } = splitRows(rng.fork('split').permutation(codes.length), TEST_FRACTION);
  return assembleTask({
    domain: 'parity',
    level,
    seed,
    inputNames: Array.from({ length: shape.bits }, (_, i) => `x${i}`),
    heads: [{ name: 'parity', kind: 'binary', size: 1 }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(2 ** shape.bits, 2),
    structure: { domain: 'parity', bits: shape.bits, relevant },
    groundTruth,
  });
}

/** Sparse parity: the XOR of k hidden bits of n; the level grows both. */
export const parityDomain: DomainModule = {
  info: {
    id: 'parity',
    description: 'The parity of k hidden bits among n input bits; n and k grow with the level.',
    latents: latentSpecs(LEVELS[0].relevant).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
