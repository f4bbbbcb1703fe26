import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { taskToCsv } from '../csv.js';
import { generateTask } from '../registry.js';
import type { TaskInstance } from '../types.js';

type LatencyStructure = Extract<TaskInstance['structure'], { domain: 'latency' }>;

const generated = new Map<number, { task: TaskInstance; structure: LatencyStructure }>();

/** The level's task at seed 1, generated once for every test. */
function latencyTask(level: number): { task: TaskInstance; structure: LatencyStructure } {
  const cached = generated.get(level);
  if (cached) return cached;
  const task = generateTask('latency', { level, seed: 1 });
  if (task.structure.domain !== 'latency') throw new Error('not a latency task');
  const entry = { task, structure: task.structure };
  generated.set(level, entry);
  return entry;
}

/** Test row `i`'s input, as its own array. */
function testInput(task: TaskInstance, i: number): Float32Array {
  const { cols, data } = task.test.inputs;
  return data.slice(i * cols, (i + 1) * cols);
}

/** Bins of `input` with a spike on `channel`. */
function spikeBins(input: Float32Array, structure: LatencyStructure, channel: number): number[] {
  const c = structure.channels.length;
  return Array.from({ length: structure.bins }, (_, b) => b).filter((b) => input[b * c + channel] === 1);
}

/**
 * Recomputed from the structure alone: for each template placed at `onset`, the template spikes with a
 * spike on their channel within the jitter, and the summed distance to the nearest one. The best is
 * the most matched, then the least distance, then the lowest template.
 */
function bestTemplateAt(input: Float32Array, structure: LatencyStructure, onset: number): number {
  const scores = structure.templates.map((latencies) => {
    let matched = 0;
    let distance = 0;
    latencies.forEach((latency, channel) => {
      if (latency < 0) return;
      const gaps = spikeBins(input, structure, channel).map((b) => Math.abs(b - onset - latency));
      const nearest = Math.min(...gaps);
      if (nearest <= structure.jitter) {
        matched++;
        distance += nearest;
      }
    });
    return matched * 1000 - distance;
  });
  return scores.indexOf(Math.max(...scores));
}

describe('latency', () => {
  it('gives a byte-identical export for the same seed and another for another seed', () => {
    const csv = (seed: number) => taskToCsv(generateTask('latency', { level: 2, seed }), 'all');
    expect(csv(5)).toBe(csv(5));
    expect(csv(6)).not.toBe(csv(5));
  });

  it('lays out time-binned 0/1 channels, an onset latent and a template latent (a bit for two templates)', () => {
    for (const level of [1, 2, 3]) {
      const { task, structure } = latencyTask(level);
      const { bins, channels, templates } = structure;
      expect(task.inputNames).toHaveLength(bins * channels.length);
      expect(task.inputNames.slice(0, channels.length + 1)).toEqual([
        ...channels.map((c) => `t0_${c}`),
        `t1_${channels[0]}`,
      ]);
      expect(task.test.inputs.data.every((v) => v === 0 || v === 1)).toBe(true);
      expect(task.heads).toEqual([{ name: 'template', kind: 'class', size: templates.length }]);
      expect(task.test.latents.map((l) => [l.name, l.kind, l.categories])).toEqual([
        ['onset', 'categorical', bins],
        ['template', templates.length === 2 ? 'binary' : 'categorical', templates.length],
      ]);
    }
  });

  it('puts one spike per template on the same channels in every template, so only timing differs', () => {
    for (const level of [1, 2, 3]) {
      const { structure } = latencyTask(level);
      const used = structure.templates.map((t) => t.map((latency) => latency >= 0));
      for (const u of used) expect(u).toEqual(used[0]);
      // Some channels carry background spikes only.
      expect(used[0]!.includes(false)).toBe(true);
      for (const t of structure.templates) expect(Math.min(...t.filter((l) => l >= 0))).toBe(0);
    }
  });

  it('balances the classes: templates in turn over the trials', () => {
    for (const level of [1, 2, 3]) {
      const { task, structure } = latencyTask(level);
      const k = structure.templates.length;
      const counts = new Array<number>(k).fill(0);
      for (const split of [task.train, task.test]) for (const v of split.latents[1]!.values) counts[v]!++;
      const rows = task.train.inputs.rows + task.test.inputs.rows;
      expect(counts).toEqual(new Array<number>(k).fill(rows / k));
    }
  });

  it('never repeats a trial, within or across the splits', () => {
    for (const level of [1, 2, 3]) {
      const { task } = latencyTask(level);
      const keys = [task.train, task.test].flatMap((split) => {
        const { rows, cols, data } = split.inputs;
        return Array.from({ length: rows }, (_, i) => data.subarray(i * cols, (i + 1) * cols).join(''));
      });
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('plants the template at the onset: its spikes within the jitter, and the target is the template', () => {
    for (const level of [1, 2, 3]) {
      const { task, structure } = latencyTask(level);
      const k = structure.templates.length;
      const [onsets, templateIds] = task.test.latents.map((l) => l.values);
      for (let i = 0; i < task.test.inputs.rows; i++) {
        const input = testInput(task, i);
        const onset = onsets![i]!;
        const template = templateIds![i]!;
        structure.templates[template]!.forEach((latency, channel) => {
          if (latency < 0) return;
          const gaps = spikeBins(input, structure, channel).map((b) => Math.abs(b - onset - latency));
          expect(Math.min(...gaps)).toBeLessThanOrEqual(structure.jitter);
        });
        const target = Array.from(task.test.targets.data.subarray(i * k, (i + 1) * k));
        expect(target.indexOf(1)).toBe(template);
        expect(bestTemplateAt(input, structure, onset)).toBe(template);
      }
    }
  });

  it('answers interventions on the onset and the template as an independent recomputation does', () => {
    const { task, structure } = latencyTask(2);
    let moved = 0;
    for (let i = 0; i < 60; i++) {
      const input = testInput(task, i);
      for (const onset of [0, 5, 9, structure.bins - 1]) {
        const expected = bestTemplateAt(input, structure, onset);
        const answer = task.groundTruth(input, new Map([[0, onset]]));
        expect(Array.from(answer.latents)).toEqual([onset, expected]);
        expect(answer.targets.indexOf(1)).toBe(expected);
        if (expected !== task.groundTruth(input).latents[1]) moved++;
      }
      const forced = task.groundTruth(input, new Map([[1, 2]]));
      expect(forced.targets.indexOf(1)).toBe(2);
      expect(forced.latents[0]).toBe(task.test.latents[0]!.values[i]);
    }
    // Moving the onset alone changes answers: timing carries them.
    expect(moved).toBeGreaterThan(0);
  });

  it('is not solved by a linear readout of the bins at levels 1-3', () => {
    for (const level of [1, 2, 3]) expect(latencyTask(level).task.trivial).toBe(false);
  });

  it('refuses a level outside 1-5', () => {
    for (const level of [0, 6]) {
      try {
        generateTask('latency', { level, seed: 0 });
        expect.unreachable('should have thrown');
      } catch (e) {
        expect(isScrutableError(e) && e.code).toBe('BAD_CONFIG');
        expect((e as Error).message).toContain('1 to 5');
      }
    }
  });
});
