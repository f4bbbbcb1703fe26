import type { Matrix } from '@scrutable/core';
import type { TaskInstance } from '@scrutable/tasks';

/**
 * The inputs of all p² pairs of modular addition, row a·p + b, laid out one-hot a ‖ one-hot b;
 * checked against the task's own causal model (a reason when the task reads them otherwise).
 */
export function pairInputs(task: TaskInstance, p: number): Matrix | string {
  const names = task.train.latents.map((l) => l.name);
  const [aIndex, bIndex] = [names.indexOf('a'), names.indexOf('b')];
  if (aIndex < 0 || bIndex < 0) return "the task has no latents named 'a' and 'b'";
  if (task.train.inputs.cols !== 2 * p)
    return `inputs are not one-hot a ‖ one-hot b (width ${task.train.inputs.cols})`;
  const width = 2 * p;
  const data = new Float32Array(p * p * width);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      const row = data.subarray((a * p + b) * width, (a * p + b + 1) * width);
      row[a] = 1;
      row[p + b] = 1;
      const latents = task.groundTruth(row).latents;
      if (latents[aIndex] !== a || latents[bIndex] !== b)
        return 'the task does not read one-hot a ‖ one-hot b inputs as (a, b)';
    }
  return { rows: p * p, cols: width, data };
}
