import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../index.js';
import type { DomainStructure, TaskInstance } from '../types.js';

type GridStructure = Extract<DomainStructure, { domain: 'gridworld' }>;

function structureOf(task: TaskInstance): GridStructure {
  if (task.structure.domain !== 'gridworld') throw new Error('not a gridworld task');
  return task.structure;
}

/** Reference breadth-first search: steps from every open cell to `goal`. */
function bfs(walls: ArrayLike<number>, n: number, goal: number): number[] {
  const dist = new Array<number>(n * n).fill(Number.POSITIVE_INFINITY);
  dist[goal] = 0;
  const queue = [goal];
  while (queue.length > 0) {
    const cell = queue.shift()!;
    const [r, c] = [Math.floor(cell / n), cell % n];
    for (const [rr, cc] of [
      [r - 1, c],
      [r + 1, c],
      [r, c - 1],
      [r, c + 1],
    ] as const) {
      const next = rr * n + cc;
      if (
        rr >= 0 &&
        rr < n &&
        cc >= 0 &&
        cc < n &&
        walls[next] === 0 &&
        dist[next] === Number.POSITIVE_INFINITY
      ) {
        dist[next] = dist[cell]! + 1;
        queue.push(next);
      }
    }
  }
  return dist;
}

/** The actions (0 up, 1 down, 2 left, 3 right) that step one cell closer to the goal. */
function closerActions(dist: readonly number[], n: number, agent: number): number[] {
  const [r, c] = [Math.floor(agent / n), agent % n];
  const steps = [
    [r - 1, c],
    [r + 1, c],
    [r, c - 1],
    [r, c + 1],
  ];
  return steps.flatMap(([rr, cc], a) =>
    rr! >= 0 && rr! < n && cc! >= 0 && cc! < n && dist[rr! * n + cc!] === dist[agent]! - 1 ? [a] : [],
  );
}

function hotIndex(values: ArrayLike<number>, offset: number, width: number): number {
  for (let j = 0; j < width; j++) if (values[offset + j] === 1) return j;
  return -1;
}

describe('gridworld', () => {
  for (const level of [1, 3, 5]) {
    const task = generateTask('gridworld', { level, seed: 13 });
    const g = structureOf(task);
    const n = g.size;
    const cells = n * n;

    it(`level ${level}: targets are the first step of the shortest path to the cheese, else to the corner`, () => {
      let withoutCheese = 0;
      for (const split of [task.train, task.test]) {
        const byName = Object.fromEntries(split.latents.map((l) => [l.name, l.values]));
        for (let i = 0; i < split.inputs.rows; i++) {
          const row = split.inputs.data.subarray(i * 3 * cells, (i + 1) * 3 * cells);
          const walls = row.subarray(0, cells);
          const agent = hotIndex(row, cells, cells);
          const cheese = hotIndex(row, 2 * cells, cells);
          if (cheese < 0) withoutCheese++;
          const goal = cheese >= 0 ? cheese : cells - 1;
          const dist = bfs(walls, n, goal);
          // A perfect maze: exactly one way to step closer.
          expect(closerActions(dist, n, agent)).toEqual([hotIndex(split.targets.data, i * 4, 4)]);
          expect([byName['agent_x']![i], byName['agent_y']![i]]).toEqual([agent % n, Math.floor(agent / n)]);
          expect([byName['cheese_x']![i], byName['cheese_y']![i]]).toEqual([goal % n, Math.floor(goal / n)]);
          expect(byName['cheese_present']![i]).toBe(cheese >= 0 ? 1 : 0);
          expect(byName['cheese_distance']![i]).toBe(dist[agent]);
          const toCorner = closerActions(bfs(walls, n, cells - 1), n, agent)[0];
          expect([byName['toward_cheese']![i], byName['toward_default']![i]]).toEqual([
            closerActions(dist, n, agent)[0],
            toCorner,
          ]);
        }
      }
      expect(withoutCheese).toBeGreaterThan(0);
    });

    it(`level ${level}: pairs each test row with its cheese-free twin, both steps and decision squares`, () => {
      const { pairs } = g;
      let decisions = 0;
      for (let i = 0; i < task.test.inputs.rows; i++) {
        const row = task.test.inputs.data.subarray(i * 3 * cells, (i + 1) * 3 * cells);
        const twin = pairs.inputsWithoutCheese.data.subarray(i * 3 * cells, (i + 1) * 3 * cells);
        expect(Array.from(twin.subarray(0, 2 * cells))).toEqual(Array.from(row.subarray(0, 2 * cells)));
        expect(twin.subarray(2 * cells).every((v) => v === 0)).toBe(true);
        const agent = hotIndex(row, cells, cells);
        const cheese = hotIndex(row, 2 * cells, cells);
        const toDefault = closerActions(bfs(row.subarray(0, cells), n, cells - 1), n, agent)[0];
        const toCheese =
          cheese >= 0 ? closerActions(bfs(row.subarray(0, cells), n, cheese), n, agent)[0] : toDefault;
        expect([pairs.towardCheese[i], pairs.towardDefault[i]]).toEqual([toCheese, toDefault]);
        expect(pairs.decisionSquare[i]).toBe(toCheese !== toDefault ? 1 : 0);
        decisions += pairs.decisionSquare[i]!;
        if (cheese >= 0) {
          // Forcing the step toward the cheese moves the target only when the cheese is present;
          // forcing the step toward the default goal moves it only when it is absent.
          const other = (toCheese! + 1) % 4;
          const forcedCheese = task.groundTruth(row.slice(), new Map([[6, other]]));
          expect(hotIndex(forcedCheese.targets, 0, 4)).toBe(other);
          const forcedDefault = task.groundTruth(row.slice(), new Map([[7, other]]));
          expect(hotIndex(forcedDefault.targets, 0, 4)).toBe(toCheese);
          const absent = task.groundTruth(
            row.slice(),
            new Map([
              [4, 0],
              [7, other],
            ]),
          );
          expect(hotIndex(absent.targets, 0, 4)).toBe(other);
        }
        if (pairs.decisionSquare[i]) {
          // Taking the cheese away (forcing cheese_present to 0) sends the agent toward the corner.
          const truth = task.groundTruth(row.slice(), new Map([[4, 0]]));
          expect(hotIndex(truth.targets, 0, 4)).toBe(toDefault);
        }
      }
      expect(decisions / task.test.inputs.rows).toBeGreaterThanOrEqual(0.35);
    });

    it(`level ${level}: draws perfect mazes whose open cells all connect`, () => {
      const walls = task.test.inputs.data.subarray(0, cells);
      const open = walls.reduce((k, w) => k + (w === 0 ? 1 : 0), 0);
      const rooms = ((n + 1) / 2) ** 2;
      expect(open).toBe(2 * rooms - 1); // a spanning tree over the rooms: rooms - 1 passages
      expect(bfs(walls, n, cells - 1).filter(Number.isFinite)).toHaveLength(open);
    });
  }

  it('renders a test example as standalone SVG with walls, agent, cheese and one arrow per open cell', () => {
    const task = generateTask('gridworld', { level: 1, seed: 2 });
    const g = structureOf(task);
    const cells = g.size * g.size;
    const row = Array.from({ length: task.test.inputs.rows }, (_, i) => i).find(
      (i) => hotIndex(task.test.inputs.data, i * 3 * cells + 2 * cells, cells) >= 0,
    )!;
    const walls = task.test.inputs.data.subarray(row * 3 * cells, row * 3 * cells + cells);
    const wallCount = walls.reduce((k, w) => k + w, 0);
    const count = (svg: string, cls: string) => svg.split(`class="${cls}"`).length - 1;
    const plain = g.render(row);
    expect(plain.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(plain.trimEnd().endsWith('</svg>')).toBe(true);
    expect([
      count(plain, 'wall'),
      count(plain, 'agent'),
      count(plain, 'cheese'),
      count(plain, 'arrow'),
    ]).toEqual([wallCount, 1, 1, 0]);
    const policy = Array.from({ length: cells }, (_, c) => c % 4);
    expect(count(g.render(row, policy), 'arrowhead')).toBe(cells - wallCount);
    for (const bad of [() => g.render(-1), () => g.render(0, [1, 2])]) {
      try {
        bad();
        expect.unreachable();
      } catch (e) {
        expect(isScrutableError(e, 'BAD_INPUT')).toBe(true);
      }
    }
  });
});
