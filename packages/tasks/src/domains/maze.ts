import type { Rng } from '@scrutable/core';

/** Actions, in the order of the gridworld's class head and of tie-breaking. */
export const ACTIONS = ['up', 'down', 'left', 'right'] as const;
/** Row and column change of each action. */
const MOVES: ReadonlyArray<readonly [number, number]> = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
];

/** An n x n grid; `walls[r * n + c]` is 1 where cell (row r, column c) is a wall. */
export interface Maze {
  readonly size: number;
  readonly walls: Uint8Array;
}

/**
 * A perfect maze (exactly one path between any two open cells) on an odd-sized grid: cells at even
 * (row, column) are rooms, carved together by a randomised depth-first search.
 */
export function drawMaze(rng: Rng, size: number): Maze {
  const walls = new Uint8Array(size * size).fill(1);
  const stack: number[] = [0];
  walls[0] = 0;
  while (stack.length > 0) {
    const cell = stack[stack.length - 1]!;
    const [r, c] = [Math.floor(cell / size), cell % size];
    const unvisited = MOVES.filter(([dr, dc]) => {
      const [rr, cc] = [r + 2 * dr, c + 2 * dc];
      return rr >= 0 && rr < size && cc >= 0 && cc < size && walls[rr * size + cc] === 1;
    });
    if (unvisited.length === 0) {
      stack.pop();
      continue;
    }
    const [dr, dc] = rng.pick(unvisited);
    walls[(r + dr) * size + c + dc] = 0;
    const next = (r + 2 * dr) * size + c + 2 * dc;
    walls[next] = 0;
    stack.push(next);
  }
  return { size, walls };
}

/** Steps from every open cell to `goal` along open cells (-1 where unreachable or a wall). */
export function distancesTo(maze: Maze, goal: number): Int32Array {
  const { size, walls } = maze;
  const dist = new Int32Array(size * size).fill(-1);
  if (walls[goal] === 1) return dist;
  dist[goal] = 0;
  const queue = new Int32Array(size * size);
  queue[0] = goal;
  for (let head = 0, tail = 1; head < tail; head++) {
    const cell = queue[head]!;
    for (let a = 0; a < MOVES.length; a++) {
      const next = neighbour(size, cell, a);
      if (next >= 0 && walls[next] === 0 && dist[next] === -1) {
        dist[next] = dist[cell]! + 1;
        queue[tail++] = next;
      }
    }
  }
  return dist;
}

/** The cell reached from `cell` by action `a`, or -1 off the grid. */
function neighbour(size: number, cell: number, a: number): number {
  const [dr, dc] = MOVES[a]!;
  const r = Math.floor(cell / size) + dr;
  const c = (cell % size) + dc;
  return r >= 0 && r < size && c >= 0 && c < size ? r * size + c : -1;
}

/**
 * The first step of a shortest path from `agent`, given distances to the goal: the action whose open
 * neighbour is closest to the goal (first in action order on ties), and the path length. From a cell
 * with no reachable neighbour the action is 0 and the distance is size².
 */
export function firstStep(maze: Maze, dist: Int32Array, agent: number): { action: number; distance: number } {
  if (dist[agent] === 0) return { action: 0, distance: 0 };
  let action = 0;
  let best = -1;
  for (let a = 0; a < MOVES.length; a++) {
    const next = neighbour(maze.size, agent, a);
    const d = next >= 0 ? dist[next]! : -1;
    if (d >= 0 && (best < 0 || d < best)) [action, best] = [a, d];
  }
  return best < 0 ? { action: 0, distance: maze.size * maze.size } : { action, distance: best + 1 };
}
