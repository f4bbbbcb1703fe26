import { Rng } from '@scrutable/core';
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

/** Sizes per level (index = level - 1); `emitted` = tokens each state can emit. */
const LEVELS = [
  { states: 3, vocabulary: 4, contextLength: 3, emitted: 2, rows: 800 },
  { states: 4, vocabulary: 6, contextLength: 4, emitted: 2, rows: 1500 },
  { states: 6, vocabulary: 8, contextLength: 4, emitted: 3, rows: 2000 },
  { states: 8, vocabulary: 10, contextLength: 5, emitted: 3, rows: 3000 },
  { states: 10, vocabulary: 12, contextLength: 6, emitted: 3, rows: 4000 },
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

/** The most probable state to have emitted the last token, by forward filtering from a uniform prior. */
function filterState(a: Automaton, tokens: readonly number[]): number {
  let belief = new Float64Array(a.states).fill(1 / a.states);
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
  return argmax(belief, 0, a.states);
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

  const testRows = Math.round(sizes.rows * TEST_FRACTION);
  const table = new ExampleTable(width, vocabulary, latents.length, sizes.rows);
  // Train and test windows come from two independent runs of the automaton.
  const sample = (label: string, count: number): number[] => {
    const r = rng.fork(label);
    let state = r.int(sizes.states);
    const tokens: number[] = [];
    const states: number[] = [];
    for (let t = 0; t < BURN_IN + contextLength + count; t++) {
      const w = emit(r, automaton, state);
      if (t >= BURN_IN) {
        tokens.push(w);
        states.push(state);
      }
      state = automaton.transitions[state * vocabulary + w]!;
    }
    return Array.from({ length: count }, (_, i) =>
      table.add({
        input: encode(tokens.slice(i, i + contextLength)),
        targets: classTarget(vocabulary, tokens[i + contextLength]!),
        latents: Float32Array.of(states[i + contextLength - 1]!, states[i + contextLength]!),
      }),
    );
  };
  const train = sample('train', sizes.rows - testRows);
  const test = sample('test', testRows);

  // Causal model: state (emitter of the last context token) -> next_state -> next token. The data's
  // targets are samples of the next token; the ground truth answers with the most probable one.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const tokens = Array.from({ length: contextLength }, (_, i) => argmax(input, i * vocabulary, vocabulary));
    const state = forcedCategory(overrides, 0, filterState(automaton, tokens), sizes.states);
    const moved = automaton.transitions[state * vocabulary + tokens[contextLength - 1]!]!;
    // A forced state that never emits the last token has no successor: it stays where it is.
    const nextState = forcedCategory(overrides, 1, moved >= 0 ? moved : state, sizes.states);
    const next = argmax(automaton.emissions, nextState * vocabulary, vocabulary);
    return { latents: Float32Array.of(state, nextState), targets: classTarget(vocabulary, next) };
  };

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
