import { describe, expect, it } from 'vitest';
import { generateTask } from '../index.js';
import type { DomainStructure, TaskInstance } from '../types.js';

type GrammarStructure = Extract<DomainStructure, { domain: 'grammar' }>;

function structureOf(task: TaskInstance): GrammarStructure {
  if (task.structure.domain !== 'grammar') throw new Error('not a grammar task');
  return task.structure;
}

function hot(values: ArrayLike<number>, offset: number, width: number): number {
  const ones = [];
  for (let j = 0; j < width; j++) if (values[offset + j] === 1) ones.push(j);
  expect(ones).toHaveLength(1);
  return ones[0]!;
}

describe('grammar', () => {
  for (const level of [1, 3, 5]) {
    const task = generateTask('grammar', { level, seed: 9 });
    const g = structureOf(task);
    const V = g.vocabulary;

    it(`level ${level}: is a valid automaton, each state emitting a distribution with a successor per token`, () => {
      for (let s = 0; s < g.states; s++) {
        let total = 0;
        for (let w = 0; w < V; w++) {
          const p = g.emissions[s * V + w]!;
          total += p;
          expect(g.transitions[s * V + w]! >= 0).toBe(p > 0);
        }
        expect(total).toBeCloseTo(1, 5);
      }
    });

    it(`level ${level}: latents are the emitter of the last token and the state it moves to`, () => {
      for (const split of [task.train, task.test]) {
        const [state, next] = split.latents.map((l) => l.values);
        for (let i = 0; i < split.inputs.rows; i++) {
          const row = i * g.contextLength * V;
          const last = hot(split.inputs.data, row + (g.contextLength - 1) * V, V);
          const target = hot(split.targets.data, i * V, V);
          expect(g.emissions[state![i]! * V + last]!).toBeGreaterThan(0);
          expect(g.transitions[state![i]! * V + last]).toBe(next![i]);
          expect(g.emissions[next![i]! * V + target]!).toBeGreaterThan(0);
        }
      }
    });

    it(`level ${level}: samples next tokens with the emission probabilities of the next state`, () => {
      const counts = new Float64Array(g.states * V);
      const totals = new Float64Array(g.states);
      const next = task.train.latents[1]!.values;
      for (let i = 0; i < task.train.inputs.rows; i++) {
        counts[next[i]! * V + hot(task.train.targets.data, i * V, V)]!++;
        totals[next[i]!]!++;
      }
      for (let s = 0; s < g.states; s++) {
        if (totals[s]! < 30) continue;
        for (let w = 0; w < V; w++) {
          const p = g.emissions[s * V + w]!;
          const sd = Math.sqrt((p * (1 - p)) / totals[s]!);
          expect(Math.abs(counts[s * V + w]! / totals[s]! - p)).toBeLessThanOrEqual(4.5 * sd + 1e-9);
        }
      }
    });

    it(`level ${level}: a forced state moves by the last token and answers with the likeliest next token`, () => {
      const input = task.test.inputs.data.slice(0, g.contextLength * V);
      const last = hot(input, (g.contextLength - 1) * V, V);
      for (let s = 0; s < g.states; s++) {
        const moved = g.transitions[s * V + last]!;
        const nextState = moved >= 0 ? moved : s;
        let best = 0;
        for (let w = 1; w < V; w++)
          if (g.emissions[nextState * V + w]! > g.emissions[nextState * V + best]!) best = w;
        const truth = task.groundTruth(input, new Map([[0, s]]));
        expect(Array.from(truth.latents)).toEqual([s, nextState]);
        expect(hot(truth.targets, 0, V)).toBe(best);
      }
    });
  }
});
