import { differs, sitesOf } from '../assertions.js';
import type { Rule } from '../rule.js';

export const ablateAll: Rule = {
  id: 'ablate-all',
  title: 'ablating every unit of a site changes the outputs',
  needs: ['intervene'],
  async run(ctx) {
    const s = await ctx.fitted();
    const base = await s.predict(ctx.inputs, ctx.run);
    for (const g of sitesOf('ablate-all', s)) {
      const all = Array.from({ length: g.size }, (_, i) => i);
      differs(
        'ablate-all',
        `ablating all ${g.size} units at '${g.site}'`,
        base,
        await s.intervene(ctx.inputs, { kind: 'ablate', site: g.site, units: all }, ctx.run),
        ctx.tolerance,
      );
    }
  },
};
