import { row } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { agentCells, agentMoved, mazeAndCheeseKey, mazeColumns } from './maze-inputs.js';

describe('maze inputs read through the task’s names', () => {
  const task = generateTask('gridworld', { level: 1, seed: 0 });
  const columns = mazeColumns(task.inputNames);
  if (typeof columns === 'string') throw new Error(columns);
  const cells = columns.wall.length;
  const withCheese = Array.from({ length: task.test.inputs.rows }, (_, i) => i).find((i) =>
    row(task.test.inputs, i)
      .subarray(2 * cells)
      .some((x) => x > 0),
  )!;

  it('moves the agent, keeps the maze and the cheese, and takes the cheese away in the twin', () => {
    const source = row(task.test.inputs, withCheese);
    const open = agentCells(source, columns);
    expect(open.length).toBeGreaterThan(3);
    const moved = agentMoved(task.test.inputs, withCheese, columns, open);
    open.forEach((cell, i) => {
      const situation = row(moved.withCheese, i);
      // The causal model reads the agent where it was put, in the same maze with the same cheese.
      const latents = task.groundTruth(situation).latents;
      expect(latents[1]! * 5 + latents[0]!).toBe(cell);
      expect(mazeAndCheeseKey(situation, columns)).toBe(mazeAndCheeseKey(source, columns));
      expect(task.groundTruth(row(moved.withoutCheese, i)).latents[4]).toBe(0);
    });
  });

  it('says why when the columns are not a maze', () => {
    expect(mazeColumns(['wall_0_0', 'agent_0_0'])).toMatch(/one of each per cell/);
    expect(mazeColumns(['wall_0_0', 'agent_0_1', 'cheese_0_0'])).toMatch(/same cells/);
  });
});
