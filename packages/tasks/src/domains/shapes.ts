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

/** Image side, classes and nuisance per level (index = level - 1). */
const LEVELS = [
  { side: 8, classes: 3, sizes: [5, 5], noise: 0.05, minIntensity: 1, rows: 600 },
  { side: 10, classes: 4, sizes: [5, 6], noise: 0.1, minIntensity: 0.8, rows: 1000 },
  { side: 12, classes: 5, sizes: [4, 7], noise: 0.15, minIntensity: 0.7, rows: 1500 },
  { side: 14, classes: 6, sizes: [4, 8], noise: 0.2, minIntensity: 0.7, rows: 2000 },
  { side: 16, classes: 8, sizes: [4, 10], noise: 0.25, minIntensity: 0.6, rows: 3000 },
] as const;

/** Shape classes in the order levels add them. */
export const SHAPE_NAMES = ['square', 'plus', 'x', 'ring', 'triangle', 'hbar', 'vbar', 'disc'] as const;

const TEST_FRACTION = 0.25;

/** Whether pixel (dx, dy) of an s x s box belongs to shape `shape`. */
function shapeCovers(shape: number, s: number, dx: number, dy: number): boolean {
  const m = Math.floor(s / 2);
  const c = (s - 1) / 2;
  switch (SHAPE_NAMES[shape]) {
    case 'square':
      return true;
    case 'plus':
      return dx === m || dy === m;
    case 'x':
      return dx === dy || dx === s - 1 - dy;
    case 'ring':
      return dx === 0 || dy === 0 || dx === s - 1 || dy === s - 1;
    case 'triangle':
      return dx <= dy;
    case 'hbar':
      return dy === m || dy === m - 1;
    case 'vbar':
      return dx === m || dx === m - 1;
    case 'disc':
      return (dx - c) ** 2 + (dy - c) ** 2 <= (s / 2) ** 2;
    default:
      throw new RangeError(`unknown shape ${shape}`);
  }
}

/** A noise-free placement: shape class, box size and top-left corner. */
interface Placement {
  readonly shape: number;
  readonly size: number;
  readonly left: number;
  readonly top: number;
}

/** Pixel indices (row-major in a side x side image) covered by a placement. */
function coveredPixels(p: Placement, side: number): number[] {
  const pixels: number[] = [];
  for (let dy = 0; dy < p.size; dy++)
    for (let dx = 0; dx < p.size; dx++)
      if (shapeCovers(p.shape, p.size, dx, dy)) pixels.push((p.top + dy) * side + p.left + dx);
  return pixels;
}

/** Every placement of every class that fits the image. */
function allPlacements(classes: number, sizes: readonly [number, number], side: number): Placement[] {
  const out: Placement[] = [];
  for (let shape = 0; shape < classes; shape++)
    for (let size = sizes[0]; size <= sizes[1]; size++)
      for (let top = 0; top + size <= side; top++)
        for (let left = 0; left + size <= side; left++) out.push({ shape, size, left, top });
  return out;
}

/** Latent values of a placement: shape, centre x, centre y, size. */
function placementLatents(p: Placement): Float32Array {
  return Float32Array.of(p.shape, p.left + (p.size - 1) / 2, p.top + (p.size - 1) / 2, p.size);
}

function generate(level: number, seed: number): TaskInstance {
  const config = LEVELS[level - 1]!;
  const { side, classes } = config;
  const pixels = side * side;
  const rng = new Rng(seed);
  const placements = allPlacements(classes, config.sizes, side);
  const covers = placements.map((p) => coveredPixels(p, side));
  const latents: LatentSpec[] = [
    { name: 'shape', kind: 'categorical', categories: classes },
    { name: 'pos_x', kind: 'continuous' },
    { name: 'pos_y', kind: 'continuous' },
    { name: 'size', kind: 'continuous' },
  ];

  const table = new ExampleTable(pixels, classes, latents.length, config.rows);
  const masks = new Uint8Array(config.rows * pixels);
  const drawRng = rng.fork('images');
  for (let i = 0; i < config.rows; i++) {
    // Class first, then a placement of that class, so classes are balanced whatever their sizes.
    const shape = drawRng.int(classes);
    const perClass = placements.length / classes;
    const index = shape * perClass + drawRng.int(perClass);
    const placement = placements[index]!;
    const intensity = drawRng.uniform(config.minIntensity, 1);
    const image = new Float32Array(pixels);
    for (const px of covers[index]!) {
      image[px] = intensity;
      masks[i * pixels + px] = 1;
    }
    for (let px = 0; px < pixels; px++)
      image[px] = Math.min(1, Math.max(0, image[px]! + drawRng.normal(0, config.noise)));
    table.add({ input: image, targets: classTarget(classes, shape), latents: placementLatents(placement) });
  }
  const { train, test } = splitRows(rng.fork('split').permutation(config.rows), TEST_FRACTION);
  const testMasks = new Uint8Array(test.length * pixels);
  test.forEach((r, i) => {
    testMasks.set(masks.subarray(r * pixels, (r + 1) * pixels), i * pixels);
  });

  // Images of the data answer with their planted placement; any other image with the placement
  // that best explains it (the most pixels above half intensity, the fewest below).
  let known: Map<string, number> | undefined;
  const keyOf = (input: Float32Array) =>
    Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('base64');
  const explain = (input: Float32Array): Float32Array => {
    known ??= new Map(Array.from({ length: table.rows }, (_, r) => [keyOf(table.input(r)), r]));
    const row = known.get(keyOf(input));
    if (row !== undefined) return table.latents.slice(row * latents.length, (row + 1) * latents.length);
    const threshold = config.minIntensity / 2;
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    covers.forEach((cover, i) => {
      let score = 0;
      for (const px of cover) score += input[px]! - threshold;
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    return placementLatents(placements[best]!);
  };
  // Causal model: shape -> target; position and size are nuisance with no effect on the target.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const found = explain(input);
    const shape = forcedCategory(overrides, 0, found[0]!, classes);
    const values = Float32Array.of(
      shape,
      forced(overrides, 1, found[1]!),
      forced(overrides, 2, found[2]!),
      forced(overrides, 3, found[3]!),
    );
    return { latents: values, targets: classTarget(classes, shape) };
  };

  return assembleTask({
    domain: 'shapes',
    level,
    seed,
    inputNames: Array.from({ length: pixels }, (_, px) => `p${Math.floor(px / side)}_${px % side}`),
    heads: [{ name: 'shape', kind: 'class', size: classes }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(placements.length, classes),
    structure: { domain: 'shapes', width: side, height: side, masks: testMasks },
    groundTruth,
  });
}

/** Small images of shapes; the level adds classes, positions, sizes, intensity and noise. */
export const shapesDomain: DomainModule = {
  info: {
    id: 'shapes',
    description: 'Which shape a small noisy image shows; position, size and brightness are nuisance.',
    latents: ['shape', 'pos_x', 'pos_y', 'size'],
    levels: [1, 5],
  },
  generate,
};
