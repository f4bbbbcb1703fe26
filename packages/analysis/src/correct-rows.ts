import type { AnalysisContext } from './context.js';
import { outputVariables, readVariable } from './outputs.js';

/** Test rows the substrate answers correctly on every output variable. */
export async function correctRows(ctx: AnalysisContext): Promise<number[]> {
  const before = await ctx.testPredictions();
  const variables = outputVariables(ctx.task.heads);
  return Array.from({ length: before.rows }, (_, i) => i).filter((i) =>
    variables.every((v) => readVariable(before, i, v) === readVariable(ctx.test.targets, i, v)),
  );
}
