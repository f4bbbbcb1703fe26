import { Rng } from '@scrutable/core';
import {
  assembleTask,
  classTarget,
  ExampleTable,
  forced,
  forcedCategory,
  type LatentSpec,
  splitRows,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/**
 * Dot radius, nuisance inputs and examples per level (index = level - 1). Level 1 is the data set of
 * Kriener, Göltz & Petrovici (2021). Above it the dots shrink, and the four coordinates are mixed by a
 * seeded random rotation with nuisance inputs that carry nothing, so no single input is a coordinate.
 */
const LEVELS = [
  { dotRadius: 0.1, nuisance: 0, rows: 1000 },
  { dotRadius: 0.09, nuisance: 2, rows: 1500 },
  { dotRadius: 0.08, nuisance: 4, rows: 2000 },
  { dotRadius: 0.07, nuisance: 6, rows: 2500 },
  { dotRadius: 0.06, nuisance: 8, rows: 3000 },
] as const;
const BIG_RADIUS = 0.5;
const CLASSES = ['yin', 'yang', 'dot'] as const;
const TEST_FRACTION = 0.25;

const LATENTS: readonly LatentSpec[] = [
  { name: 'dist_left', kind: 'continuous' },
  { name: 'dist_right', kind: 'continuous' },
  { name: 'class', kind: 'categorical', categories: CLASSES.length },
];

/**
 * The class of a point from its distances to the left and right dot centres and its height, as
 * Kriener et al. (2021) define it: a dot when within the dot radius of either centre; yin inside
 * the right dot's half-circle, outside the left dot but inside the left half-circle, or in the upper
 * half away from the right half-circle; yang elsewhere.
 */
export function yinYangClass(distLeft: number, distRight: number, y: number, dotRadius: number): number {
  if (distLeft < dotRadius || distRight < dotRadius) return 2;
  const yin =
    distRight <= dotRadius ||
    (distLeft > dotRadius && distLeft <= 0.5 * BIG_RADIUS) ||
    (y > BIG_RADIUS && distRight > 0.5 * BIG_RADIUS);
  return yin ? 0 : 1;
}

/** A seeded random rotation of `size` dimensions (Gram–Schmidt on Gaussian columns), row-major. */
function randomRotation(rng: Rng, size: number): Float64Array {
  const q = new Float64Array(size * size);
  for (let c = 0; c < size; c++) {
    const v = Array.from({ length: size }, () => rng.normal());
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < size; r++) dot += v[r]! * q[r * size + p]!;
      for (let r = 0; r < size; r++) v[r]! -= dot * q[r * size + p]!;
    }
    const norm = Math.hypot(...v);
    for (let r = 0; r < size; r++) q[r * size + c] = v[r]! / norm;
  }
  return q;
}

function generate(level: number, seed: number): TaskInstance {
  const { dotRadius, nuisance, rows } = LEVELS[level - 1]!;
  const rng = new Rng(seed);
  const width = 4 + nuisance;
  // Level 1 keeps the published inputs (x, y, 1 - x, 1 - y); above, a rotation mixes every input.
  const rotation =
    nuisance === 0
      ? Float64Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0))
      : randomRotation(rng.fork('rotation'), width);
  const toInput = (plane: readonly number[]): Float32Array =>
    Float32Array.from({ length: width }, (_, r) =>
      plane.reduce((sum, v, c) => sum + rotation[r * width + c]! * v, 0),
    );
  const xyOf = (input: Float32Array): [number, number] => {
    let x = 0;
    let y = 0;
    for (let r = 0; r < width; r++) {
      x += rotation[r * width]! * input[r]!;
      y += rotation[r * width + 1]! * input[r]!;
    }
    return [x, y];
  };
  // Causal model: (x, y) -> distances to the dot centres -> class -> target.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const [x, y] = xyOf(input);
    const left = forced(overrides, 0, Math.hypot(x - 0.5 * BIG_RADIUS, y - BIG_RADIUS));
    const right = forced(overrides, 1, Math.hypot(x - 1.5 * BIG_RADIUS, y - BIG_RADIUS));
    const label = forcedCategory(overrides, 2, yinYangClass(left, right, y, dotRadius), CLASSES.length);
    return { latents: Float32Array.of(left, right, label), targets: classTarget(CLASSES.length, label) };
  };
  // Classes in turn, each point drawn uniformly in the big circle until it has the wanted class, so
  // the classes are balanced as in the published set.
  const points = rng.fork('points');
  const table = new ExampleTable(width, CLASSES.length, LATENTS.length, rows);
  for (let i = 0; i < rows; i++) {
    for (;;) {
      const x = points.uniform(0, 2 * BIG_RADIUS);
      const y = points.uniform(0, 2 * BIG_RADIUS);
      const extra = Array.from({ length: nuisance }, () => points.uniform(0, 1));
      if (Math.hypot(x - BIG_RADIUS, y - BIG_RADIUS) > BIG_RADIUS) continue;
      const input = toInput([x, y, 1 - x, 1 - y, ...extra]);
      const truth = groundTruth(input, new Map());
      if (truth.latents[2] !== i % CLASSES.length) continue;
      table.add({ input, ...truth });
      break;
    }
  }
  const { train, test } = splitRows(rng.fork('split').permutation(rows), TEST_FRACTION);
  // Q: cells of side dotRadius / 2 over the big circle (the finest detail the classes have), times two
  // halves per nuisance input, which a learner must find to carry nothing.
  const cells = (Math.PI * BIG_RADIUS ** 2) / (dotRadius / 2) ** 2;
  return assembleTask({
    domain: 'yinyang',
    level,
    seed,
    inputNames: Array.from({ length: width }, (_, i) => `u${i}`),
    heads: [{ name: 'class', kind: 'class', size: CLASSES.length }],
    latents: LATENTS,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(cells * 2 ** nuisance, CLASSES.length),
    structure: {
      domain: 'yinyang',
      dotRadius,
      embedding: Float32Array.from(
        { length: width * 4 },
        (_, i) => rotation[Math.floor(i / 4) * width + (i % 4)]!,
      ),
    },
    groundTruth,
  });
}

/** The Yin-Yang data set (Kriener, Göltz & Petrovici 2021); the level shrinks the dots and mixes the inputs. */
export const yinyangDomain: DomainModule = {
  info: {
    id: 'yinyang',
    description:
      'Yin, yang or dot for a point of the Yin-Yang figure; the dots shrink and the inputs are mixed with the level.',
    latents: LATENTS.map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
