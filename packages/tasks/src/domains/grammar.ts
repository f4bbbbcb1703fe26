import { Rng } from '@scrutable/core';
import { Matrix, solve } from 'ml-matrix';
import {
  argmax,
  assembleTask,
  classTarget,
  ExampleTable,
  forcedCategory,
  type LatentSpec,
  setOneHot,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/**
 * Sizes per level (index = level - 1); `emitted` = tokens each state can emit. As many tokens as
 * states, three emitted by each, so a token is emitted by several states and the next token depends
 * on the state the whole window points to: with two tokens per state and more tokens than states, the
 * last token all but named the state and a linear readout of the window found the Bayes-optimal next
 * token on 92–98% of test windows (trivial).
 */
const LEVELS = [
  { states: 4, vocabulary: 4, contextLength: 4, emitted: 3, rows: 800 },
  { states: 5, vocabulary: 5, contextLength: 5, emitted: 3, rows: 1500 },
  { states: 6, vocabulary: 6, contextLength: 5, emitted: 3, rows: 2000 },
  { states: 8, vocabulary: 8, contextLength: 6, emitted: 3, rows: 3000 },
  { states: 10, vocabulary: 10, contextLength: 7, emitted: 3, rows: 4000 },
] as const;

const TEST_FRACTION = 0.25;
/** Steps run before the first example so the sequence starts from the chain's long-run behaviour. */
const BURN_IN = 50;

/**
 * A probabilistic finite automaton: state s emits token w with probability emissions[s, w], then
 * moves to transitions[s, w]. Token 0 of each state's emitted set leads to state s+1 (mod states),
 * so every state is reachable from every other.
 */
interface Automaton {
  readonly states: number;
  readonly vocabulary: number;
  readonly emissions: Float32Array;
  readonly transitions: Int32Array;
}

function drawAutomaton(rng: Rng, sizes: (typeof LEVELS)[number]): Automaton {
  const { states, vocabulary, emitted } = sizes;
  const emissions = new Float32Array(states * vocabulary);
  const transitions = new Int32Array(states * vocabulary).fill(-1);
  for (let s = 0; s < states; s++) {
    const tokens = rng.permutation(vocabulary).slice(0, emitted);
    const weights = tokens.map(() => rng.uniform(0.2, 1));
    const total = weights.reduce((a, b) => a + b, 0);
    tokens.forEach((w, i) => {
      emissions[s * vocabulary + w] = weights[i]! / total;
      transitions[s * vocabulary + w] = i === 0 ? (s + 1) % states : rng.int(states);
    });
  }
  return { states, vocabulary, emissions, transitions };
}

/** Draws a token from state s's emission distribution. */
function emit(rng: Rng, a: Automaton, s: number): number {
  let u = rng.float();
  for (let w = 0; w < a.vocabulary; w++) {
    u -= a.emissions[s * a.vocabulary + w]!;
    if (u < 0) return w;
  }
  // Rounding left u just above zero: take the last token the state can emit.
  let last = 0;
  for (let w = 0; w < a.vocabulary; w++) if (a.emissions[s * a.vocabulary + w]! > 0) last = w;
  return last;
}

/**
 * The chain's stationary distribution over states (the long-run share of steps spent in each), solved
 * exactly: π·P = π with Σπ = 1, where P[s, s'] is the probability that s moves to s'. The chain is
 * irreducible (token 0 of every state cycles through all states), so the solution is unique.
 */
function stationaryDistribution(a: Automaton): Float64Array {
  const n = a.states;
  // Rows 0..n-2 of (Pᵀ − I)·π = 0, and row n-1 replaced by Σπ = 1.
  const system = Matrix.zeros(n, n);
  for (let s = 0; s < n; s++) {
    for (let w = 0; w < a.vocabulary; w++) {
      const next = a.transitions[s * a.vocabulary + w]!;
      if (next >= 0) system.set(next, s, system.get(next, s) + a.emissions[s * a.vocabulary + w]!);
    }
    system.set(s, s, system.get(s, s) - 1);
  }
  for (let s = 0; s < n; s++) system.set(n - 1, s, 1);
  const right = Matrix.zeros(n, 1);
  right.set(n - 1, 0, 1);
  const solution = solve(system, right).getColumn(0);
  const pi = Float64Array.from(solution, (p) => Math.max(0, p));
  const total = pi.reduce((x, y) => x + y, 0);
  return pi.map((p) => p / total);
}

/**
 * The posterior over the state that emitted the last token of `tokens`, by forward filtering from
 * `prior` (the distribution of the state that emitted the first token).
 */
function filterBelief(a: Automaton, prior: Float64Array, tokens: readonly number[]): Float64Array {
  let belief = Float64Array.from(prior);
  tokens.forEach((w, t) => {
    if (t > 0) {
      const moved = new Float64Array(a.states);
      const previous = tokens[t - 1]!;
      for (let s = 0; s < a.states; s++) {
        const next = a.transitions[s * a.vocabulary + previous]!;
        if (next >= 0) moved[next]! += belief[s]!;
      }
      belief = moved;
    }
    for (let s = 0; s < a.states; s++) belief[s]! *= a.emissions[s * a.vocabulary + w]!;
  });
  const total = belief.reduce((x, y) => x + y, 0);
  // A window the automaton cannot produce has no posterior: fall back on the prior.
  return total > 0 ? belief.map((b) => b / total) : Float64Array.from(prior);
}

/**
 * The distribution of the next token given a belief over the emitter of the last token `last`:
 * Σ_s belief[s] · emissions[next(s), w], where next(s) = transitions[s, last] (a state that never
 * emits `last` stays where it is, which only a forced state can do).
 */
function predictive(a: Automaton, belief: Float64Array, last: number): Float64Array {
  const out = new Float64Array(a.vocabulary);
  for (let s = 0; s < a.states; s++) {
    if (belief[s] === 0) continue;
    const moved = a.transitions[s * a.vocabulary + last]!;
    const next = moved >= 0 ? moved : s;
    for (let w = 0; w < a.vocabulary; w++) out[w]! += belief[s]! * a.emissions[next * a.vocabulary + w]!;
  }
  return out;
}

function generate(level: number, seed: number): TaskInstance {
  const sizes = LEVELS[level - 1]!;
  const { vocabulary, contextLength } = sizes;
  const rng = new Rng(seed);
  const automaton = drawAutomaton(rng.fork('automaton'), sizes);
  const latents: LatentSpec[] = [
    { name: 'state', kind: 'categorical', categories: sizes.states },
    { name: 'next_state', kind: 'categorical', categories: sizes.states },
  ];
  const width = contextLength * vocabulary;
  const encode = (tokens: readonly number[]): Float32Array => {
    const input = new Float32Array(width);
    tokens.forEach((w, i) => {
      setOneHot(input, i * vocabulary, w);
    });
    return input;
  };

  // Windows are read from a run of the chain after burn-in, so the state that emitted a window's first
  // token follows the stationary distribution: that is the filter's prior.
  const prior = stationaryDistribution(automaton);

  // Causal model: window -> belief over the emitter of the last token -> state (its most probable
  // value) -> next_state (by the last token). The target is the Bayes-optimal next token, the argmax of
  // Σ_s belief[s]·emissions[transitions[s, last], w]. Forcing `state` makes the belief certain of that
  // state; forcing `next_state` makes the next token's distribution that state's emissions.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const tokens = Array.from({ length: contextLength }, (_, i) => argmax(input, i * vocabulary, vocabulary));
    const last = tokens[contextLength - 1]!;
    let belief = filterBelief(automaton, prior, tokens);
    const state = forcedCategory(overrides, 0, argmax(belief, 0, sizes.states), sizes.states);
    if (overrides.has(0)) {
      belief = new Float64Array(sizes.states);
      belief[state] = 1;
    }
    const moved = automaton.transitions[state * vocabulary + last]!;
    // A forced state that never emits the last token has no successor: it stays where it is.
    const nextState = forcedCategory(overrides, 1, moved >= 0 ? moved : state, sizes.states);
    // A forced next state emits the next token alone; otherwise the belief weighs every successor.
    const next = overrides.has(1)
      ? argmax(automaton.emissions, nextState * vocabulary, vocabulary)
      : argmax(predictive(automaton, belief, last), 0, vocabulary);
    return { latents: Float32Array.of(state, nextState), targets: classTarget(vocabulary, next) };
  };

  const testRows = Math.round(sizes.rows * TEST_FRACTION);
  const table = new ExampleTable(width, vocabulary, latents.length, sizes.rows);
  // Train and test windows come from two independent runs of the automaton. The target is the
  // Bayes-optimal next token given the window, not the token the run emitted next: the sampled token is
  // not a function of the window, so no system (the ground truth included) could reach more than about
  // half of it, and a ceiling below 1 would make every accuracy on the domain hard to read.
  const sample = (label: string, count: number): number[] => {
    const r = rng.fork(label);
    let state = r.int(sizes.states);
    const tokens: number[] = [];
    for (let t = 0; t < BURN_IN + contextLength + count; t++) {
      const w = emit(r, automaton, state);
      if (t >= BURN_IN) tokens.push(w);
      state = automaton.transitions[state * vocabulary + w]!;
    }
    return Array.from({ length: count }, (_, i) => {
      const input = encode(tokens.slice(i, i + contextLength));
      return table.add({ input, ...groundTruth(input, new Map()) });
    });
  };
  const train = sample('train', sizes.rows - testRows);
  const test = sample('test', testRows);

  return assembleTask({
    domain: 'grammar',
    level,
    seed,
    inputNames: Array.from({ length: contextLength }, (_, i) =>
      Array.from({ length: vocabulary }, (_, w) => `t${i}_w${w}`),
    ).flat(),
    heads: [{ name: 'next', kind: 'class', size: vocabulary }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(vocabulary ** contextLength, vocabulary),
    structure: {
      domain: 'grammar',
      states: sizes.states,
      vocabulary,
      contextLength,
      emissions: automaton.emissions,
      transitions: automaton.transitions,
    },
    groundTruth,
  });
}

/** Next-token prediction on a hidden-state language; the level grows states, vocabulary and context. */
export const grammarDomain: DomainModule = {
  info: {
    id: 'grammar',
    description:
      'Next token after a context window, from a probabilistic finite automaton with hidden states.',
    latents: ['state', 'next_state'],
    levels: [1, 5],
  },
  generate,
};
