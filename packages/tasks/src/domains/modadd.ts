import { Rng } from '@scrutable/core';
import {
  argmax,
  assembleTask,
  classTarget,
  ExampleTable,
  forced,
  forcedCategory,
  type LatentSpec,
  setOneHot,
  splitRows,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/**
 * The modulus per level (index = level - 1), all prime. An MLP generalises on modular addition only
 * once the training pairs pin the algorithm down; with fewer pairs (p <= 23 at 80% training pairs) the
 * dense substrates memorise some seeds and miss held-out pairs, so level 1 starts at p = 29.
 */
const MODULI = [29, 31, 37, 43, 53] as const;
/** Frequencies k whose cos/sin(2πk·sum/p) are latents (the low ones every p here has). */
const FREQUENCIES = [1, 2, 3] as const;
/** Held-out share of the p² pairs: the larger the training share, the sooner an MLP generalises. */
const TEST_FRACTION = 0.2;

/** Latents in order: a, b, sum, then cos_k, sin_k per frequency. */
function latentSpecs(p: number): LatentSpec[] {
  return [
    { name: 'a', kind: 'categorical', categories: p },
    { name: 'b', kind: 'categorical', categories: p },
    { name: 'sum', kind: 'categorical', categories: p },
    ...FREQUENCIES.flatMap((k): LatentSpec[] => [
      { name: `cos_${k}`, kind: 'continuous' },
      { name: `sin_${k}`, kind: 'continuous' },
    ]),
  ];
}

/** The orthonormal Fourier basis over Z_p: [p x p], row 0 constant, rows 2k-1 / 2k cos / sin of k. */
export function fourierBasis(p: number): Float32Array {
  const basis = new Float32Array(p * p);
  const scale = Math.sqrt(2 / p);
  for (let x = 0; x < p; x++) {
    basis[x] = 1 / Math.sqrt(p);
    for (let k = 1; k <= (p - 1) / 2; k++) {
      basis[(2 * k - 1) * p + x] = scale * Math.cos((2 * Math.PI * k * x) / p);
      basis[2 * k * p + x] = scale * Math.sin((2 * Math.PI * k * x) / p);
    }
  }
  return basis;
}

function generate(level: number, seed: number): TaskInstance {
  const p = MODULI[level - 1]!;
  const latents = latentSpecs(p);
  // Causal model: a, b -> sum -> (Fourier features, target). Fourier features do not feed the target.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const a = forcedCategory(overrides, 0, argmax(input, 0, p), p);
    const b = forcedCategory(overrides, 1, argmax(input, p, p), p);
    const sum = forcedCategory(overrides, 2, (a + b) % p, p);
    const values = [a, b, sum];
    FREQUENCIES.forEach((k, i) => {
      const angle = (2 * Math.PI * k * sum) / p;
      values.push(
        forced(overrides, 3 + 2 * i, Math.cos(angle)),
        forced(overrides, 4 + 2 * i, Math.sin(angle)),
      );
    });
    return { latents: Float32Array.from(values), targets: classTarget(p, sum) };
  };
  const table = new ExampleTable(2 * p, p, latents.length, p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const input = new Float32Array(2 * p);
      setOneHot(input, 0, a);
      setOneHot(input, p, b);
      table.add({ input, ...groundTruth(input, new Map()) });
    }
  }
  const { train, test } = splitRows(new Rng(seed).fork('split').permutation(p * p), TEST_FRACTION);
  return assembleTask({
    domain: 'modadd',
    level,
    seed,
    inputNames: [
      ...Array.from({ length: p }, (_, i) => `a${i}`),
      ...Array.from({ length: p }, (_, i) => `b${i}`),
    ],
    heads: [{ name: 'sum', kind: 'class', size: p }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(p * p, p),
    structure: { domain: 'modadd', p, fourierBasis: fourierBasis(p) },
    groundTruth,
  });
}

/** Modular addition (a + b) mod p on one-hot operands; the level grows p. */
export const modaddDomain: DomainModule = {
  info: {
    id: 'modadd',
    description: '(a + b) mod p from one-hot a and b; p grows with the level.',
    latents: latentSpecs(MODULI[0]).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
