import { cloneMatrix, type Matrix, matrix, row } from '@scrutable/core';

/** The maze task's input columns per channel, read through its names: one `wall_`, `agent_` and `cheese_` column per cell, cell k at index k of each. */
export interface MazeColumns {
  readonly wall: readonly number[];
  readonly agent: readonly number[];
  readonly cheese: readonly number[];
}

const CHANNELS = ['wall_', 'agent_', 'cheese_'] as const;

/** The maze's columns, or why the inputs are not laid out as a maze (a channel missing, or cells that do not line up). */
export function mazeColumns(inputNames: readonly string[]): MazeColumns | string {
  const [wall, agent, cheese] = CHANNELS.map((prefix) =>
    inputNames.flatMap((name, j) => (name.startsWith(prefix) ? [j] : [])),
  ) as [number[], number[], number[]];
  if (wall.length === 0 || agent.length !== wall.length || cheese.length !== wall.length)
    return 'the maze task needs wall_*, agent_* and cheese_* inputs, one of each per cell';
  const cell = (column: number, prefix: string) => inputNames[column]!.slice(prefix.length);
  for (let k = 0; k < wall.length; k++)
    if (
      cell(agent[k]!, 'agent_') !== cell(wall[k]!, 'wall_') ||
      cell(cheese[k]!, 'cheese_') !== cell(wall[k]!, 'wall_')
    )
      return 'the maze task’s wall_*, agent_* and cheese_* columns do not name the same cells in the same order';
  return { wall, agent, cheese };
}

/** A situation's maze and cheese (its wall and cheese columns), as a key: situations that share it differ in the agent's cell only. */
export function mazeAndCheeseKey(input: Float32Array, columns: MazeColumns): string {
  const bits = (cols: readonly number[]) => cols.map((j) => (input[j]! > 0.5 ? '1' : '0')).join('');
  return `${bits(columns.wall)}|${bits(columns.cheese)}`;
}

/** The open cells of a situation's maze, but for the cheese's cell: where the agent can stand beside that cheese. */
export function agentCells(input: Float32Array, columns: MazeColumns): number[] {
  return columns.wall.flatMap((j, k) => (input[j]! < 0.5 && input[columns.cheese[k]!]! < 0.5 ? [k] : []));
}

/** Row `at` of `inputs` with the agent moved to each of `cells` in turn, with its cheese and with the cheese taken away. */
export function agentMoved(
  inputs: Matrix,
  at: number,
  columns: MazeColumns,
  cells: readonly number[],
): { withCheese: Matrix; withoutCheese: Matrix } {
  const source = row(inputs, at);
  const withCheese = matrix(cells.length, inputs.cols);
  const withoutCheese = matrix(cells.length, inputs.cols);
  cells.forEach((cell, i) => {
    const situation = source.slice();
    for (const j of columns.agent) situation[j] = 0;
    situation[columns.agent[cell]!] = 1;
    withCheese.data.set(situation, i * inputs.cols);
    for (const j of columns.cheese) situation[j] = 0;
    withoutCheese.data.set(situation, i * inputs.cols);
  });
  return { withCheese, withoutCheese };
}

/** The rows of `inputs` with the cheese taken away (every `cheese_` column cleared). */
export function withoutCheese(inputs: Matrix, columns: MazeColumns): Matrix {
  const out = cloneMatrix(inputs);
  for (let i = 0; i < inputs.rows; i++) for (const j of columns.cheese) out.data[i * inputs.cols + j] = 0;
  return out;
}
