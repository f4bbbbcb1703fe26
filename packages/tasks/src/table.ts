import {
  check,
  type LabelledSplit,
  type Latent,
  type Matrix,
  type OutputHead,
  outputWidth,
  ScrutableError,
} from '@scrutable/core';
import { withLinearBaseline } from './linear-baseline.js';
import type { DomainId, DomainStructure, TaskInstance } from './types.js';

/** A latent's name and kind, before its values are known. */
export interface LatentSpec {
  readonly name: string;
  readonly kind: Latent['kind'];
  /** Number of categories (categorical) or 2 (binary); absent for continuous. */
  readonly categories?: number;
}

/** One example: input row, target row and latent values (in latent-spec order). */
export interface Example {
  readonly input: Float32Array;
  readonly targets: Float32Array;
  readonly latents: Float32Array;
}

/** Every example of a domain instance, row-major, before the train/test split. */
export class ExampleTable {
  /** [capacity x inputWidth] input rows. */
  readonly inputs: Float32Array;
  /** [capacity x targetWidth] target rows. */
  readonly targets: Float32Array;
  /** [capacity x latentCount] latent values. */
  readonly latents: Float32Array;
  /** Rows added so far. */
  rows = 0;

  constructor(
    readonly inputWidth: number,
    readonly targetWidth: number,
    readonly latentCount: number,
    readonly capacity: number,
  ) {
    this.inputs = new Float32Array(capacity * inputWidth);
    this.targets = new Float32Array(capacity * targetWidth);
    this.latents = new Float32Array(capacity * latentCount);
  }

  /** Appends one example and returns its row index. */
  add(example: Example): number {
    const i = this.rows++;
    if (i >= this.capacity) throw new RangeError(`ExampleTable: capacity ${this.capacity} exceeded`);
    this.inputs.set(example.input, i * this.inputWidth);
    this.targets.set(example.targets, i * this.targetWidth);
    this.latents.set(example.latents, i * this.latentCount);
    return i;
  }

  /** A view of the input row `i` (shares memory). */
  input(i: number): Float32Array {
    return this.inputs.subarray(i * this.inputWidth, (i + 1) * this.inputWidth);
  }

  /** The listed rows as a split with named latents. */
  split(rowIndices: readonly number[], specs: readonly LatentSpec[]): LabelledSplit {
    const n = rowIndices.length;
    const inputs = new Float32Array(n * this.inputWidth);
    const targets = new Float32Array(n * this.targetWidth);
    const values = specs.map(() => new Float32Array(n));
    rowIndices.forEach((r, i) => {
      inputs.set(this.inputs.subarray(r * this.inputWidth, (r + 1) * this.inputWidth), i * this.inputWidth);
      targets.set(
        this.targets.subarray(r * this.targetWidth, (r + 1) * this.targetWidth),
        i * this.targetWidth,
      );
      for (let k = 0; k < specs.length; k++) values[k]![i] = this.latents[r * this.latentCount + k]!;
    });
    return {
      inputs: { rows: n, cols: this.inputWidth, data: inputs },
      targets: { rows: n, cols: this.targetWidth, data: targets },
      latents: specs.map((spec, k) => ({ ...spec, values: values[k]! })),
    };
  }
}

/** Sets `values[offset + index] = 1`, leaving the rest of the one-hot block as it is (zero). */
export function setOneHot(values: Float32Array, offset: number, index: number): void {
  values[offset + index] = 1;
}

/** Index of the largest value in `values[offset .. offset + width)` (first on ties). */
export function argmax(values: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}

/** A one-hot target row for a single class head. */
export function classTarget(size: number, label: number): Float32Array {
  const t = new Float32Array(size);
  t[label] = 1;
  return t;
}

/** Splits shuffled row indices: the first `testFraction` of them are test rows, the rest train. */
export function splitRows(
  order: readonly number[],
  testFraction: number,
): { train: number[]; test: number[] } {
  const testCount = Math.round(order.length * testFraction);
  return { test: order.slice(0, testCount), train: order.slice(testCount) };
}

/**
 * Accuracy of the best constant guess on `targets`, averaged like core `accuracy`: one count per row
 * for a class head (the most frequent class), one per bit for a binary head (the majority bit).
 */
export function constantGuessAccuracy(targets: Matrix, heads: readonly OutputHead[]): number {
  let hits = 0;
  let count = 0;
  let start = 0;
  for (const head of heads) {
    if (head.kind === 'class') {
      const counts = new Array<number>(head.size).fill(0);
      for (let i = 0; i < targets.rows; i++)
        counts[argmax(targets.data, i * targets.cols + start, head.size)]!++;
      hits += Math.max(...counts);
      count += targets.rows;
    } else {
      // Binary heads (the only other kind the domains emit): the majority value of each bit.
      for (let j = 0; j < head.size; j++) {
        let ones = 0;
        for (let i = 0; i < targets.rows; i++) if (targets.data[i * targets.cols + start + j]! > 0.5) ones++;
        hits += Math.max(ones, targets.rows - ones);
        count += targets.rows;
      }
    }
    start += head.size;
  }
  return hits / count;
}

/** The ground truth as one domain computes it, from validated arguments. */
export type GroundTruthFn = (
  input: Float32Array,
  overrides: ReadonlyMap<number, number>,
) => { latents: Float32Array; targets: Float32Array };

/** Everything a domain module hands over to become a TaskInstance. */
export interface TaskParts {
  readonly domain: DomainId;
  readonly level: number;
  readonly seed: number;
  readonly inputNames: readonly string[];
  readonly heads: readonly OutputHead[];
  readonly latents: readonly LatentSpec[];
  readonly table: ExampleTable;
  readonly trainRows: readonly number[];
  readonly testRows: readonly number[];
  readonly complexity: number;
  readonly structure: DomainStructure;
  readonly groundTruth: GroundTruthFn;
}

/** Builds the TaskInstance: splits the table, measures chance and guards `groundTruth`'s arguments. */
export function assembleTask(parts: TaskParts): TaskInstance {
  const { table, latents, heads } = parts;
  if (table.inputWidth !== parts.inputNames.length || table.targetWidth !== outputWidth(heads))
    throw new RangeError(`${parts.domain}: table widths do not match input names and heads`);
  const train = table.split(parts.trainRows, latents);
  const test = table.split(parts.testRows, latents);
  const empty = new Map<number, number>();
  const chance = constantGuessAccuracy(test.targets, heads);
  const task: TaskInstance = {
    name: `${parts.domain}/L${parts.level}/s${parts.seed}`,
    domain: parts.domain,
    level: parts.level,
    seed: parts.seed,
    inputNames: parts.inputNames,
    heads,
    train,
    test,
    chance,
    complexity: parts.complexity,
    structure: parts.structure,
    hasCausalModel: true,
    groundTruth(input, overrides) {
      check(
        input instanceof Float32Array && input.length === table.inputWidth,
        `${parts.domain}.groundTruth: input must be a Float32Array of ${table.inputWidth} values`,
      );
      for (const [index, value] of overrides ?? empty) {
        if (!Number.isInteger(index) || index < 0 || index >= latents.length)
          throw new ScrutableError(
            'BAD_INPUT',
            `${parts.domain}.groundTruth: override index ${index} is not a latent index 0..${latents.length - 1}`,
            latents.map((l, i) => `${i}=${l.name}`),
          );
        check(Number.isFinite(value), `${parts.domain}.groundTruth: override values must be finite`);
      }
      return parts.groundTruth(input, overrides ?? empty);
    },
  };
  return withLinearBaseline(task);
}

/** The forced value of latent `index` when overridden, else the computed one. */
export function forced(overrides: ReadonlyMap<number, number>, index: number, computed: number): number {
  return overrides.get(index) ?? computed;
}

/** A forced categorical value: rounded and clamped into 0..categories-1 so it can index tables. */
export function forcedCategory(
  overrides: ReadonlyMap<number, number>,
  index: number,
  computed: number,
  categories: number,
): number {
  const v = overrides.get(index);
  return v === undefined ? computed : Math.min(categories - 1, Math.max(0, Math.round(v)));
}

/** log2 of the size in bits of a lookup table answering `queries` queries with `outcomes` possible answers. */
export function tableBits(queries: number, outcomes: number): number {
  return Math.log2(queries) + Math.log2(Math.log2(outcomes));
}
