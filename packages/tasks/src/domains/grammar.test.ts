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

/** The context tokens of row i. */
function windowOf(inputs: Float32Array, i: number, g: GrammarStructure): number[] {
  const V = g.vocabulary;
  return Array.from({ length: g.contextLength }, (_, t) => hot(inputs, (i * g.contextLength + t) * V, V));
}

/**
 * The stationary distribution by power iteration on the lazy chain (I + P) / 2, which has the same
 * stationary distribution and converges even when the chain is periodic.
 */
function stationary(g: GrammarStructure): number[] {
  const V = g.vocabulary;
  let pi: number[] = new Array(g.states).fill(1 / g.states);
  for (let it = 0; it < 20000; it++) {
    const nextPi = pi.map((p) => p / 2);
    for (let s = 0; s < g.states; s++)
      for (let w = 0; w < V; w++)
        if (g.emissions[s * V + w]! > 0)
          nextPi[g.transitions[s * V + w]!]! += (pi[s]! * g.emissions[s * V + w]!) / 2;
    pi = nextPi;
  }
  return pi;
}

/**
 * By enumerating every sequence of hidden states that could have emitted the window (the first drawn
 * from `prior`): the posterior of the last token's emitter and the distribution of the next token.
 */
function bruteForce(
  g: GrammarStructure,
  prior: readonly number[],
  tokens: readonly number[],
): { emitter: number[]; nextToken: number[] } {
  const key = `${tokens.join(',')}|${prior.join(',')}|${g.emissions.join(',')}`;
  let found = enumerated.get(key);
  if (!found) {
    found = enumerate(g, prior, tokens);
    enumerated.set(key, found);
  }
  return found;
}

const enumerated = new Map<string, { emitter: number[]; nextToken: number[] }>();

function enumerate(
  g: GrammarStructure,
  prior: readonly number[],
  tokens: readonly number[],
): { emitter: number[]; nextToken: number[] } {
  const V = g.vocabulary;
  const emitter: number[] = new Array(g.states).fill(0);
  const nextToken: number[] = new Array(V).fill(0);
  let total = 0;
  const paths = g.states ** tokens.length;
  for (let code = 0; code < paths; code++) {
    const path = Array.from({ length: tokens.length }, (_, t) => Math.floor(code / g.states ** t) % g.states);
    let p = prior[path[0]!]!;
    for (let t = 0; t < tokens.length && p > 0; t++) {
      p *= g.emissions[path[t]! * V + tokens[t]!]!;
      if (t + 1 < tokens.length && g.transitions[path[t]! * V + tokens[t]!] !== path[t + 1]) p = 0;
    }
    if (p === 0) continue;
    total += p;
    const last = path[tokens.length - 1]!;
    emitter[last]! += p;
    const next = g.transitions[last * V + tokens[tokens.length - 1]!]!;
    for (let w = 0; w < V; w++) nextToken[w]! += p * g.emissions[next * V + w]!;
  }
  return { emitter: emitter.map((e) => e / total), nextToken: nextToken.map((q) => q / total) };
}

describe('grammar', () => {
  for (const level of [1, 2, 3, 5]) {
    const task = generateTask('grammar', { level, seed: 9 });
    // Enumerating hidden paths (states^context of them) is cheap up to level 3.
    const enumerable = level <= 3;
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

    if (enumerable)
      it(`level ${level}: latents are the most probable emitter of the last token and the state it moves to`, () => {
        const prior = stationary(g);
        for (const split of [task.train, task.test]) {
          const [state, next] = split.latents.map((l) => l.values);
          for (let i = 0; i < split.inputs.rows; i++) {
            const tokens = windowOf(split.inputs.data, i, g);
            const last = tokens[g.contextLength - 1]!;
            const { emitter } = bruteForce(g, prior, tokens);
            // The latent is a most probable emitter (ties within rounding allowed).
            expect(emitter[state![i]!]!).toBeGreaterThanOrEqual(Math.max(...emitter) - 1e-9);
            expect(g.emissions[state![i]! * V + last]!).toBeGreaterThan(0);
            expect(g.transitions[state![i]! * V + last]).toBe(next![i]);
          }
        }
      });

    if (enumerable)
      it(`level ${level}: targets the Bayes-optimal next token of every window, by enumerating every hidden path`, () => {
        const prior = stationary(g);
        for (const split of [task.train, task.test]) {
          for (let i = 0; i < split.inputs.rows; i++) {
            const { nextToken } = bruteForce(g, prior, windowOf(split.inputs.data, i, g));
            const target = hot(split.targets.data, i * V, V);
            // The target is a most probable next token (ties within rounding allowed).
            expect(nextToken[target]!).toBeGreaterThanOrEqual(Math.max(...nextToken) - 1e-9);
          }
        }
      });

    if (enumerable)
      it(`level ${level}: answers with the Bayes-optimal next token, by enumerating every hidden path`, () => {
        const prior = stationary(g);
        for (const split of [task.train, task.test]) {
          for (let i = 0; i < split.inputs.rows; i++) {
            const input = split.inputs.data.slice(i * g.contextLength * V, (i + 1) * g.contextLength * V);
            const { nextToken } = bruteForce(g, prior, windowOf(split.inputs.data, i, g));
            const answer = hot(task.groundTruth(input).targets, 0, V);
            expect(nextToken[answer]!).toBeGreaterThanOrEqual(Math.max(...nextToken) - 1e-9);
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

describe('grammar ground truth over seeds', () => {
  it('answers with the Bayes-optimal next token on every test window (levels 1-2, seeds 0-5)', () => {
    for (const level of [1, 2])
      for (let seed = 0; seed < 6; seed++) {
        const task = generateTask('grammar', { level, seed });
        const g = structureOf(task);
        const prior = stationary(g);
        const width = g.contextLength * g.vocabulary;
        const wrong: number[] = [];
        for (let i = 0; i < task.test.inputs.rows; i++) {
          const { nextToken } = bruteForce(g, prior, windowOf(task.test.inputs.data, i, g));
          const truth = task.groundTruth(task.test.inputs.data.slice(i * width, (i + 1) * width));
          const answer = hot(truth.targets, 0, g.vocabulary);
          if (nextToken[answer]! < Math.max(...nextToken) - 1e-9) wrong.push(i);
        }
        expect({ level, seed, wrong }).toEqual({ level, seed, wrong: [] });
      }
  });
});
