import { check, Rng } from '@scrutable/core';
import {
  argmax,
  assembleTask,
  classTarget,
  ExampleTable,
  forced,
  forcedCategory,
  type LatentSpec,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';
import { ACTIONS, distancesTo, drawMaze, firstStep, type Maze } from './maze.js';
import { mazeSvg } from './maze-svg.js';

/** Grid side (odd), number of mazes and row budget per level (index = level - 1). */
const LEVELS = [
  { size: 5, mazes: 3, rows: 800 },
  { size: 7, mazes: 3, rows: 1500 },
  { size: 9, mazes: 4, rows: 2500 },
  { size: 11, mazes: 4, rows: 3500 },
  { size: 13, mazes: 5, rows: 5000 },
] as const;

const TEST_FRACTION = 0.25;
/** Share of test rows that are decision squares, the rows where steering can show. */
const DECISION_SHARE = 0.4;

/** One situation: a maze, the agent's cell and the cheese's cell (-1: no cheese). */
interface Situation {
  readonly maze: number;
  readonly agent: number;
  readonly cheese: number;
}

/**
 * Latents in order; cheese_x/y name the default corner when there is no cheese, and toward_cheese is
 * then the step toward that corner.
 */
function latentSpecs(size: number): LatentSpec[] {
  return [
    { name: 'agent_x', kind: 'categorical', categories: size },
    { name: 'agent_y', kind: 'categorical', categories: size },
    { name: 'cheese_x', kind: 'categorical', categories: size },
    { name: 'cheese_y', kind: 'categorical', categories: size },
    { name: 'cheese_present', kind: 'binary', categories: 2 },
    { name: 'cheese_distance', kind: 'continuous' },
    // The policy's two intermediate decisions, actions as in ACTIONS; the target picks one of them.
    { name: 'toward_cheese', kind: 'categorical', categories: ACTIONS.length },
    { name: 'toward_default', kind: 'categorical', categories: ACTIONS.length },
  ];
}

/**
 * Splits shuffled situations so that decision squares (where the cheese and the default goal call
 * for different steps) make up DECISION_SHARE of the test rows while train keeps at least as many.
 */
function splitWithDecisions(
  situations: readonly Situation[],
  isDecision: (s: Situation) => boolean,
): { train: number[]; test: number[] } {
  const decisions: number[] = [];
  const others: number[] = [];
  situations.forEach((s, i) => {
    (isDecision(s) ? decisions : others).push(i);
  });
  const testCount = Math.round(situations.length * TEST_FRACTION);
  const decisionCount = Math.min(Math.floor(decisions.length / 2), Math.round(testCount * DECISION_SHARE));
  const inTest = new Set([
    ...decisions.slice(0, decisionCount),
    ...others.slice(0, testCount - decisionCount),
  ]);
  const order = situations.map((_, i) => i);
  return { train: order.filter((i) => !inTest.has(i)), test: order.filter((i) => inTest.has(i)) };
}

function generate(level: number, seed: number): TaskInstance {
  const { size, rows, mazes: mazeCount } = LEVELS[level - 1]!;
  const cells = size * size;
  // The default goal, where the policy heads when there is no cheese: the bottom-right corner.
  const corner = cells - 1;
  const rng = new Rng(seed);
  const mazeRng = rng.fork('mazes');
  // A small grid has few distinct mazes, so a maze is redrawn while it repeats an earlier one: two
  // equal mazes would repeat their situations, and rows, across the split.
  const mazes: Maze[] = [];
  const drawn = new Set<string>();
  while (mazes.length < mazeCount) {
    const maze = drawMaze(mazeRng, size);
    const key = maze.walls.join('');
    if (drawn.has(key)) continue;
    drawn.add(key);
    mazes.push(maze);
  }
  // Distances to each goal cell of each maze, computed once: many situations share a goal.
  const distanceCache = new Map<number, Int32Array>();
  const stepToward = (s: Situation, goal: number): number => {
    const key = s.maze * cells + goal;
    let dist = distanceCache.get(key);
    if (!dist) {
      dist = distancesTo(mazes[s.maze]!, goal);
      distanceCache.set(key, dist);
    }
    return firstStep(mazes[s.maze]!, dist, s.agent).action;
  };
  const latents = latentSpecs(size);

  const encode = (s: Situation): Float32Array => {
    const input = new Float32Array(3 * cells);
    input.set(mazes[s.maze]!.walls);
    input[cells + s.agent] = 1;
    if (s.cheese >= 0) input[2 * cells + s.cheese] = 1;
    return input;
  };

  // Causal model: (walls, agent, cheese cell) -> toward_cheese, (walls, agent) -> toward_default,
  // target = toward_cheese if cheese_present else toward_default; (walls, agent, goal) -> distance,
  // which feeds nothing.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const walls = new Uint8Array(cells);
    for (let c = 0; c < cells; c++) walls[c] = input[c]! > 0.5 ? 1 : 0;
    const maze: Maze = { size, walls };
    const agent = argmax(input, cells, cells);
    const cheeseCell = argmax(input, 2 * cells, cells);
    const present = input[2 * cells + cheeseCell]! > 0.5;
    const goalCell = present ? cheeseCell : corner;
    const ax = forcedCategory(overrides, 0, agent % size, size);
    const ay = forcedCategory(overrides, 1, Math.floor(agent / size), size);
    const cx = forcedCategory(overrides, 2, goalCell % size, size);
    const cy = forcedCategory(overrides, 3, Math.floor(goalCell / size), size);
    const isPresent = forced(overrides, 4, present ? 1 : 0) > 0.5 ? 1 : 0;
    const from = ay * size + ax;
    const cheeseStep = firstStep(maze, distancesTo(maze, cy * size + cx), from);
    const defaultStep = firstStep(maze, distancesTo(maze, corner), from);
    const towardCheese = forcedCategory(overrides, 6, cheeseStep.action, ACTIONS.length);
    const towardDefault = forcedCategory(overrides, 7, defaultStep.action, ACTIONS.length);
    const distance = forced(overrides, 5, isPresent ? cheeseStep.distance : defaultStep.distance);
    return {
      latents: Float32Array.of(ax, ay, cx, cy, isPresent, distance, towardCheese, towardDefault),
      targets: classTarget(ACTIONS.length, isPresent ? towardCheese : towardDefault),
    };
  };

  // Every no-cheese situation, then cheese situations drawn at random up to the row budget. The agent
  // never starts on the corner, so the step toward the default goal is always defined.
  const candidates: Situation[] = [];
  const withoutCheese: Situation[] = [];
  mazes.forEach((m, maze) => {
    for (let agent = 0; agent < cells; agent++) {
      if (m.walls[agent] === 1 || agent === corner) continue;
      withoutCheese.push({ maze, agent, cheese: -1 });
      for (let cheese = 0; cheese < cells; cheese++)
        if (m.walls[cheese] === 0 && cheese !== agent) candidates.push({ maze, agent, cheese });
    }
  });
  const sampleRng = rng.fork('situations');
  const chosen = sampleRng.shuffle(candidates).slice(0, Math.max(0, rows - withoutCheese.length));
  const situations = sampleRng.shuffle([...withoutCheese, ...chosen]);
  const table = new ExampleTable(3 * cells, ACTIONS.length, latents.length, situations.length);
  for (const s of situations) {
    const input = encode(s);
    table.add({ input, ...groundTruth(input, new Map()) });
  }
  const { train, test } = splitWithDecisions(
    situations,
    (s) => s.cheese >= 0 && stepToward(s, s.cheese) !== stepToward(s, corner),
  );

  const pairs = {
    inputsWithoutCheese: {
      rows: test.length,
      cols: 3 * cells,
      data: new Float32Array(test.length * 3 * cells),
    },
    towardCheese: new Int32Array(test.length),
    towardDefault: new Int32Array(test.length),
    decisionSquare: new Uint8Array(test.length),
  };
  test.forEach((r, i) => {
    const s = situations[r]!;
    const plain = encode({ ...s, cheese: -1 });
    pairs.inputsWithoutCheese.data.set(plain, i * 3 * cells);
    const toDefault = stepToward(s, corner);
    const toCheese = s.cheese >= 0 ? stepToward(s, s.cheese) : toDefault;
    pairs.towardCheese[i] = toCheese;
    pairs.towardDefault[i] = toDefault;
    pairs.decisionSquare[i] = toCheese !== toDefault ? 1 : 0;
  });
  const render = (row: number, policy?: ArrayLike<number>): string => {
    check(
      Number.isInteger(row) && row >= 0 && row < test.length,
      `gridworld.render: row must be in 0..${test.length - 1}`,
    );
    check(
      policy === undefined || policy.length === cells,
      `gridworld.render: policy must have one action per cell (${cells})`,
    );
    const s = situations[test[row]!]!;
    return mazeSvg({
      size,
      walls: mazes[s.maze]!.walls,
      agent: s.agent,
      cheese: s.cheese,
      ...(policy ? { policy } : {}),
    });
  };

  const cellNames = Array.from({ length: cells }, (_, c) => `${Math.floor(c / size)}_${c % size}`);
  const openCells = mazes.map((m) => m.walls.reduce((n, w) => n + (w === 0 ? 1 : 0), 0));
  return assembleTask({
    domain: 'gridworld',
    level,
    seed,
    inputNames: ['wall', 'agent', 'cheese'].flatMap((channel) => cellNames.map((c) => `${channel}_${c}`)),
    heads: [{ name: 'action', kind: 'class', size: ACTIONS.length }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    // Queries: per maze, every agent cell but the corner with every other cheese cell or none: (c - 1)c.
    complexity: tableBits(
      openCells.reduce((n, c) => n + (c - 1) * c, 0),
      ACTIONS.length,
    ),
    structure: { domain: 'gridworld', size, pairs, render },
    groundTruth,
  });
}

/** Maze navigation toward a cheese or, without one, a default corner; the level grows the grid. */
export const gridworldDomain: DomainModule = {
  info: {
    id: 'gridworld',
    description:
      'First step of a shortest path to the cheese in a maze, or to the bottom-right corner when there is no cheese.',
    latents: latentSpecs(LEVELS[0].size).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
