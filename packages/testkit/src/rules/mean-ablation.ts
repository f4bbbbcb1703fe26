import { observedSites, sameOutputs } from '../reading.js';
import type { Rule } from '../rule.js';

/**
 * Mean ablation sets each unit to its mean over the batch given, taken before any row is overwritten:
 * it must equal clamping the units to the column means of the observed states, computed here by hand.
 */
export const meanAblation: Rule = {
  id: 'mean-ablation',
  title: 'mean ablation equals clamping every unit to its batch column mean',
  needs: ['observe', 'intervene'],
  async run(ctx) {
    const { s, reading, sites } = await observedSites(ctx, 'mean-ablation');
    const { inputs, run } = reading;
    for (const { group, units, states } of sites) {
      const means = new Float32Array(group.size);
      for (const u of units) {
        let sum = 0;
        for (let r = 0; r < states.rows; r++) sum += states.data[r * states.cols + u]!;
        means[u] = sum / states.rows;
      }
      const site = group.site;
      const ablated = await s.intervene(inputs, { kind: 'ablate', site, units, value: 'mean' }, run);
      const clamped = await s.intervene(inputs, { kind: 'clamp', site, units, values: means }, run);
      const what = `mean-ablating '${site}' versus clamping it to the batch column means`;
      sameOutputs('mean-ablation', what, reading, s, clamped, ablated, ctx.tolerance);
    }
  },
};
