import { Rng } from '@scrutable/core';
import {
  assembleTask,
  classTarget,
  ExampleTable,
  forcedCategory,
  type LatentSpec,
  splitRows,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';
import { BIN_MS, timeBinIndex, timeBinNames } from './time-bins.js';

/**
 * Time bins, input channels, channels the templates use (the rest carry background spikes only),
 * templates, the longest latency in bins, the background spike probability per bin and channel, the
 * jitter in bins either way, and trials per level (index = level - 1).
 */
const LEVELS = [
  { bins: 24, channels: 4, active: 3, templates: 2, span: 6, noise: 0.05, jitter: 0, rows: 1000 },
  { bins: 28, channels: 6, active: 4, templates: 3, span: 8, noise: 0.06, jitter: 1, rows: 1500 },
  { bins: 32, channels: 8, active: 5, templates: 4, span: 10, noise: 0.07, jitter: 1, rows: 2000 },
  { bins: 36, channels: 10, active: 6, templates: 5, span: 12, noise: 0.08, jitter: 1, rows: 3000 },
  { bins: 40, channels: 12, active: 7, templates: 6, span: 14, noise: 0.09, jitter: 2, rows: 4000 },
] as const;
type Level = (typeof LEVELS)[number];
const TEST_FRACTION = 0.25;
/** A silent channel's latency in `structure.templates`. */
const SILENT = -1;

/**
 * Latents in order: the onset bin, then the template (the class). Two templates make the template a
 * bit, laid out as one unit like every binary latent rather than as two one-hot categories.
 */
function latentSpecs(level: Level): LatentSpec[] {
  return [
    { name: 'onset', kind: 'categorical', categories: level.bins },
    {
      name: 'template',
      kind: level.templates === 2 ? 'binary' : 'categorical',
      categories: level.templates,
    },
  ];
}

/** Onsets a trial can start at: every template spike, jittered, stays inside the trial. */
function onsetRange(level: Level): { first: number; count: number } {
  return { first: level.jitter, count: level.bins - level.span - 2 * level.jitter };
}

/**
 * Draws the templates: the same active channels in every template, one spike each, so every template
 * puts as many spikes on each channel and only their timing tells the templates apart. Latencies start
 * at 0 (the onset is the first template spike). Redrawn until any two templates, at any shift,
 * differ by more than twice the jitter on at least two channels, so one stray spike never makes a
 * trial of one template fit another as well.
 */
function drawTemplates(level: Level, rng: Rng): number[][] {
  const active = rng
    .permutation(level.channels)
    .slice(0, level.active)
    .sort((a, b) => a - b);
  for (;;) {
    const templates = Array.from({ length: level.templates }, () => {
      const latencies = active.map(() => rng.int(level.span + 1));
      const earliest = Math.min(...latencies);
      const template = new Array<number>(level.channels).fill(SILENT);
      active.forEach((c, i) => {
        template[c] = latencies[i]! - earliest;
      });
      return template;
    });
    if (templatesApart(templates, active, level)) return templates;
  }
}

/** True when every pair of templates differs, at every shift, on at least two active channels. */
function templatesApart(templates: readonly number[][], active: readonly number[], level: Level): boolean {
  for (let k = 0; k < templates.length; k++)
    for (let m = k + 1; m < templates.length; m++)
      for (let shift = -level.span; shift <= level.span; shift++) {
        const agreeing = active.filter(
          (c) => Math.abs(templates[k]![c]! - templates[m]![c]! - shift) <= 2 * level.jitter,
        ).length;
        if (agreeing > level.active - 2) return false;
      }
  return true;
}

/**
 * How well a template placed at an onset explains a trial: its spikes with a spike on their channel
 * within the jitter, and the summed distance to the nearest such spike.
 */
interface Fit {
  readonly matched: number;
  readonly distance: number;
}

function generate(levelNumber: number, seed: number): TaskInstance {
  const level = LEVELS[levelNumber - 1]!;
  const { bins, channels, jitter, rows } = level;
  const rng = new Rng(seed);
  const templates = drawTemplates(level, rng.fork('templates'));
  const width = bins * channels;
  const latents = latentSpecs(level);
  const onsets = onsetRange(level);
  const at = (bin: number, channel: number) => timeBinIndex(channels, bin, channel);

  const spikeAt = (input: Float32Array, bin: number, channel: number) =>
    bin >= 0 && bin < bins && input[at(bin, channel)]! > 0.5;
  /** Template `k` placed at `onset` against `input`. */
  const fit = (input: Float32Array, k: number, onset: number): Fit => {
    let matched = 0;
    let distance = 0;
    templates[k]!.forEach((latency, c) => {
      if (latency === SILENT) return;
      const bin = onset + latency;
      for (let d = 0; d <= jitter; d++) {
        if (spikeAt(input, bin - d, c) || spikeAt(input, bin + d, c)) {
          matched++;
          distance += d;
          return;
        }
      }
    });
    return { matched, distance };
  };
  const better = (a: Fit, b: Fit) =>
    a.matched > b.matched || (a.matched === b.matched && a.distance < b.distance);
  const same = (a: Fit, b: Fit) => a.matched === b.matched && a.distance === b.distance;

  /** The best-fitting template at `onset` (the lowest on a tie). */
  const templateAt = (input: Float32Array, onset: number): number => {
    let best = 0;
    let bestFit = fit(input, 0, onset);
    for (let k = 1; k < templates.length; k++) {
      const f = fit(input, k, onset);
      if (better(f, bestFit)) [best, bestFit] = [k, f];
    }
    return best;
  };

  /** The best-fitting placement over every onset, and whether it is the only one fitting that well. */
  const explain = (input: Float32Array): { onset: number; template: number; unique: boolean } => {
    let found = { onset: onsets.first, template: 0, unique: true };
    let bestFit: Fit = { matched: -1, distance: 0 };
    for (let onset = onsets.first; onset < onsets.first + onsets.count; onset++)
      for (let k = 0; k < templates.length; k++) {
        const f = fit(input, k, onset);
        if (better(f, bestFit)) [found, bestFit] = [{ onset, template: k, unique: true }, f];
        else if (same(f, bestFit)) found.unique = false;
      }
    return found;
  };

  // Causal model: the spikes -> the onset of the best-fitting placement -> the template that fits best
  // at that onset -> target. Forcing the onset re-reads the same spikes at another time, so the answer
  // depends on when the pattern is taken to start.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const onset = forcedCategory(overrides, 0, explain(input).onset, bins);
    const template = forcedCategory(overrides, 1, templateAt(input, onset), templates.length);
    return { latents: Float32Array.of(onset, template), targets: classTarget(templates.length, template) };
  };

  const draws = rng.fork('trials');
  const table = new ExampleTable(width, templates.length, latents.length, rows);
  const seen = new Set<string>();
  while (table.rows < rows) {
    // Templates in turn, so the classes are balanced.
    const template = table.rows % templates.length;
    const onset = onsets.first + draws.int(onsets.count);
    const input = new Float32Array(width);
    for (let i = 0; i < width; i++) if (draws.bernoulli(level.noise)) input[i] = 1;
    templates[template]!.forEach((latency, c) => {
      if (latency !== SILENT) input[at(onset + latency + draws.int(2 * jitter + 1) - jitter, c)] = 1;
    });
    // Keep a trial only when its planted placement is the one best explanation of its spikes, so the
    // latents follow from the input; and distinct trials only, so no test trial repeats a training one.
    const found = explain(input);
    if (!found.unique || found.onset !== onset || found.template !== template) continue;
    const key = input.join('');
    if (seen.has(key)) continue;
    seen.add(key);
    table.add({ input, ...groundTruth(input, new Map()) });
  }
  const channelNames = Array.from({ length: channels }, (_, c) => `c${c}`);
  const { train, test } = splitRows(rng.fork('split').permutation(rows), TEST_FRACTION);
  return assembleTask({
    domain: 'latency',
    level: levelNumber,
    seed,
    inputNames: timeBinNames(bins, channelNames),
    heads: [{ name: 'template', kind: 'class', size: templates.length }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    // Noise-free trials: a template, an onset and a jitter per template spike.
    complexity: tableBits(
      templates.length * onsets.count * (2 * jitter + 1) ** level.active,
      templates.length,
    ),
    structure: {
      domain: 'latency',
      bins,
      channels: channelNames,
      binMs: BIN_MS,
      templates,
      jitter,
      noiseRate: level.noise,
    },
    groundTruth,
  });
}

/**
 * Spike-latency pattern detection, where timing carries the answer: one of a few templates (a spike
 * latency per channel) starts at a random onset among background spikes, and the class is which one.
 */
export const latencyDomain: DomainModule = {
  info: {
    id: 'latency',
    description:
      'Which spike-latency template starts at a random onset among background spikes, from time-binned channels; more templates, channels, noise and jitter with the level.',
    latents: latentSpecs(LEVELS[0]).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
