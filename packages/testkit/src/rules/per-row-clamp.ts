import { matrix, row } from '@scrutable/core';
import { observedSites, sameOutputs } from '../reading.js';
import type { Rule } from '../rule.js';

/**
 * A clamp with one row of values per example acts on each example as a clamp with that row alone:
 * every unit of a site is clamped to the states of the next example (the batch rolled by one), and
 * the batch's outputs must equal those of the same clamp made one example at a time.
 */
export const perRowClamp: Rule = {
  id: 'per-row-clamp',
  title: 'a clamp with one row of values per example equals the same clamp made example by example',
  needs: ['observe', 'intervene'],
  async run(ctx) {
    const { s, reading, sites } = await observedSites(ctx, 'per-row-clamp');
    const { inputs } = reading;
    for (const { group, units, states } of sites) {
      const next = (r: number) => row(states, (r + 1) % inputs.rows);
      const values = new Float32Array(inputs.rows * group.size);
      for (let r = 0; r < inputs.rows; r++) values.set(next(r), r * group.size);
      const site = group.site;
      const batch = await s.intervene(inputs, { kind: 'clamp', site, units, values }, reading.run);
      const oneByOne = matrix(batch.rows, batch.cols);
      for (let r = 0; r < inputs.rows; r++) {
        const single = await s.intervene(
          matrix(1, inputs.cols, row(inputs, r)),
          { kind: 'clamp', site, units, values: Float32Array.from(next(r)) },
          reading.run,
        );
        oneByOne.data.set(single.data, r * batch.cols);
      }
      const what = `clamping '${site}' row by row in one batch versus one example at a time`;
      sameOutputs('per-row-clamp', what, reading, s, oneByOne, batch, ctx.tolerance);
    }
  },
};
