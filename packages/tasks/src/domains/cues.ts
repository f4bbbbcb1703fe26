import { Rng } from '@scrutable/core';
import {
  assembleTask,
  ExampleTable,
  forced,
  forcedCategory,
  type LatentSpec,
  splitRows,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';
import { BIN_MS, timeBinIndex, timeBinNames } from './time-bins.js';

/**
 * Time bins, the counting window's length in bins, cues in the window (odd, so there is no tie),
 * distractor cues outside it and trials per level (index = level - 1). More distractors than counted
 * cues keep the total over the trial a poor guide to the answer.
 */
const LEVELS = [
  { bins: 16, window: 5, counted: 3, distractors: 6, rows: 1000 },
  { bins: 20, window: 7, counted: 5, distractors: 8, rows: 1500 },
  { bins: 24, window: 9, counted: 7, distractors: 10, rows: 2000 },
  { bins: 32, window: 11, counted: 9, distractors: 14, rows: 3000 },
  { bins: 40, window: 13, counted: 11, distractors: 18, rows: 4000 },
] as const;
/** Input channels within a bin: a cue on the left, a cue on the right, the start marker. */
const CHANNELS = ['left', 'right', 'start'] as const;
const TEST_FRACTION = 0.25;

/** Latents in order: start bin, counted left and right cues, their difference, the decision. */
function latentSpecs(bins: number, counted: number): LatentSpec[] {
  return [
    { name: 'start', kind: 'categorical', categories: bins },
    { name: 'count_left', kind: 'categorical', categories: counted + 1 },
    { name: 'count_right', kind: 'categorical', categories: counted + 1 },
    { name: 'difference', kind: 'continuous' },
    { name: 'decision', kind: 'binary', categories: 2 },
  ];
}

/** C(n, k), exact while it stays below 2^53 (it does for every level here). */
function choose(n: number, k: number): number {
  let total = 1;
  for (let i = 0; i < k; i++) total = (total * (n - i)) / (i + 1);
  return total;
}

/** The number of distinct trials: start bin, then bins and sides of the counted and distractor cues. */
function trialCount(level: (typeof LEVELS)[number]): number {
  const { bins, window, counted, distractors } = level;
  const placements = choose(window, counted) * choose(bins - window - 1, distractors);
  return (bins - window) * placements * 2 ** (counted + distractors);
}

function generate(level: number, seed: number): TaskInstance {
  const shape = LEVELS[level - 1]!;
  const { bins, window, counted, distractors, rows } = shape;
  const rng = new Rng(seed);
  const width = bins * CHANNELS.length;
  const latents = latentSpecs(bins, counted);
  const at = (bin: number, channel: number) => timeBinIndex(CHANNELS.length, bin, channel);
  // Causal model: start marker -> which cues count -> counts -> difference -> decision -> target.
  // Only cues in the `window` bins after the start marker count, so the same cue answers differently
  // at another time.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    let marked = 0;
    for (let b = 0; b < bins; b++) if (input[at(b, 2)]! > 0.5) marked = b;
    const start = forcedCategory(overrides, 0, marked, bins);
    let left = 0;
    let right = 0;
    for (let b = start + 1; b <= Math.min(bins - 1, start + window); b++) {
      if (input[at(b, 0)]! > 0.5) left++;
      if (input[at(b, 1)]! > 0.5) right++;
    }
    left = forcedCategory(overrides, 1, left, counted + 1);
    right = forcedCategory(overrides, 2, right, counted + 1);
    const difference = forced(overrides, 3, right - left);
    const decision = forced(overrides, 4, difference > 0 ? 1 : 0) > 0.5 ? 1 : 0;
    return {
      latents: Float32Array.of(start, left, right, difference, decision),
      targets: Float32Array.of(decision),
    };
  };
  const draws = rng.fork('trials');
  const table = new ExampleTable(width, 1, latents.length, rows);
  const seen = new Set<string>();
  while (table.rows < rows) {
    const start = draws.int(bins - window);
    const inWindow = draws
      .permutation(window)
      .slice(0, counted)
      .map((b) => b + start + 1);
    // Distractors go anywhere outside the window and off the marker's bin.
    const outside = Array.from({ length: bins }, (_, b) => b).filter((b) => b < start || b > start + window);
    const elsewhere = draws
      .permutation(outside.length)
      .slice(0, distractors)
      .map((i) => outside[i]!);
    const input = new Float32Array(width);
    input[at(start, 2)] = 1;
    for (const b of [...inWindow, ...elsewhere]) input[at(b, draws.int(2))] = 1;
    // Distinct trials only, so no test trial repeats a training one.
    const key = input.join('');
    if (seen.has(key)) continue;
    seen.add(key);
    table.add({ input, ...groundTruth(input, new Map()) });
  }
  const { train, test } = splitRows(rng.fork('split').permutation(rows), TEST_FRACTION);
  return assembleTask({
    domain: 'cues',
    level,
    seed,
    inputNames: timeBinNames(bins, CHANNELS),
    heads: [{ name: 'right_more', kind: 'binary', size: 1 }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(trialCount(shape), 2),
    structure: { domain: 'cues', bins, channels: CHANNELS, binMs: BIN_MS },
    groundTruth,
  });
}

/**
 * Cue accumulation (after Bellec et al. 2020) where timing carries the answer: left and right cues
 * arrive at most one per time bin, and only those in a window of bins after a start marker count
 * toward the decision.
 */
export const cuesDomain: DomainModule = {
  info: {
    id: 'cues',
    description:
      'Which side had more cues in the window after a start marker, from time-binned cue channels; trials lengthen with the level.',
    latents: latentSpecs(LEVELS[0].bins, LEVELS[0].counted).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
