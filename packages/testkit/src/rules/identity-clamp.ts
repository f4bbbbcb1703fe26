import { observedSites, sameOutputs } from '../reading.js';
import type { Rule } from '../rule.js';

/**
 * Interventions are in state units (what `observe` returns), so clamping every unit of a site to its
 * own observed states, one row per example, must leave the outputs as they were.
 */
export const identityClamp: Rule = {
  id: 'identity-clamp',
  title: 'clamping every unit of a site to its own observed states leaves the outputs unchanged',
  needs: ['observe', 'intervene'],
  async run(ctx) {
    const { s, reading, sites } = await observedSites(ctx, 'identity-clamp');
    const base = await s.predict(reading.inputs, reading.run);
    for (const { group, units, states } of sites) {
      const clamped = await s.intervene(
        reading.inputs,
        { kind: 'clamp', site: group.site, units, values: states.data },
        reading.run,
      );
      const what = `clamping '${group.site}' to its own states`;
      sameOutputs('identity-clamp', what, reading, s, base, clamped, ctx.tolerance);
    }
  },
};
