import { Rng } from '@scrutable/core';
import {
  argmax,
  assembleTask,
  classTarget,
  ExampleTable,
  forced,
  type LatentSpec,
  splitRows,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/** Teacher inputs, hidden units, classes and examples per level (index = level - 1). */
const LEVELS = [
  { inputs: 6, hidden: 4, classes: 3, rows: 1000 },
  { inputs: 8, hidden: 6, classes: 4, rows: 1500 },
  { inputs: 10, hidden: 8, classes: 5, rows: 2000 },
  { inputs: 12, hidden: 10, classes: 6, rows: 3000 },
  { inputs: 16, hidden: 12, classes: 8, rows: 4000 },
] as const;
/**
 * Gain of the hidden units' pre-activations (unit variance over the inputs before it): at 3 a tanh
 * unit is saturated on most inputs, so the teacher is close to a network of threshold units and far
 * from a linear map of its inputs.
 */
const GAIN = 3;
const TEST_FRACTION = 0.25;

function latentSpecs(hidden: number): LatentSpec[] {
  return Array.from({ length: hidden }, (_, j) => ({ name: `h${j}`, kind: 'continuous' }));
}

/** Number of regions n hyperplanes in general position cut d-dimensional space into: Σ_{i ≤ d} C(n, i). */
function arrangementRegions(hyperplanes: number, dimensions: number): number {
  let total = 0;
  let choose = 1;
  for (let i = 0; i <= Math.min(dimensions, hyperplanes); i++) {
    total += choose;
    choose = (choose * (hyperplanes - i)) / (i + 1);
  }
  return total;
}

function generate(level: number, seed: number): TaskInstance {
  const shape = LEVELS[level - 1]!;
  const { inputs: d, hidden: h, classes: k } = shape;
  const rng = new Rng(seed);
  const weights = rng.fork('teacher');
  // Gaussian inputs and weights of variance 1/d: each pre-activation has unit variance before the gain.
  const w1 = Float32Array.from({ length: h * d }, () => (GAIN * weights.normal()) / Math.sqrt(d));
  const b1 = Float32Array.from({ length: h }, () => GAIN * weights.normal(0, 0.5));
  const w2 = Float32Array.from({ length: k * h }, () => weights.normal());
  const latents = latentSpecs(h);
  // Causal model: inputs -> hidden units h_j = tanh(w1_j · x + b1_j) -> class = argmax of w2 · h.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const hiddenValues = new Float32Array(h);
    for (let j = 0; j < h; j++) {
      let pre = b1[j]!;
      for (let i = 0; i < d; i++) pre += w1[j * d + i]! * input[i]!;
      hiddenValues[j] = forced(overrides, j, Math.tanh(pre));
    }
    const scores = new Float64Array(k);
    for (let c = 0; c < k; c++) for (let j = 0; j < h; j++) scores[c]! += w2[c * h + j]! * hiddenValues[j]!;
    return { latents: hiddenValues, targets: classTarget(k, argmax(scores, 0, k)) };
  };
  const draws = rng.fork('inputs');
  const table = new ExampleTable(d, k, h, shape.rows);
  for (let r = 0; r < shape.rows; r++) {
    const input = Float32Array.from({ length: d }, () => draws.normal());
    table.add({ input, ...groundTruth(input, new Map()) });
  }
  const { train, test } = splitRows(rng.fork('split').permutation(shape.rows), TEST_FRACTION);
  return assembleTask({
    domain: 'teacher',
    level,
    seed,
    inputNames: Array.from({ length: d }, (_, i) => `x${i}`),
    heads: [{ name: 'class', kind: 'class', size: k }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    // Q: the regions the hidden units' hyperplanes cut the input space into (each region a sign
    // pattern of the near-threshold units), the queries a table of the saturated teacher would answer.
    complexity: tableBits(arrangementRegions(h, d), k),
    structure: { domain: 'teacher', inputs: d, hidden: h, classes: k, w1, b1, w2 },
    groundTruth,
  });
}

/** Teacher-student: the class a planted random one-hidden-layer tanh network gives Gaussian inputs. */
export const teacherDomain: DomainModule = {
  info: {
    id: 'teacher',
    description:
      'The class a planted random tanh teacher network assigns to Gaussian inputs; it widens with the level.',
    latents: latentSpecs(LEVELS[0].hidden).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
