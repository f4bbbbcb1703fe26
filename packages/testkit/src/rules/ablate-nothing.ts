import { same, sitesOf } from '../assertions.js';
import type { Rule } from '../rule.js';

export const ablateNothing: Rule = {
  id: 'ablate-nothing',
  title: 'ablating no units and adding a zero vector change nothing',
  needs: ['intervene'],
  async run(ctx) {
    const s = await ctx.fitted();
    const base = await s.predict(ctx.inputs, ctx.run);
    for (const g of sitesOf('ablate-nothing', s)) {
      same(
        'ablate-nothing',
        `ablate no units at '${g.site}'`,
        base,
        await s.intervene(ctx.inputs, { kind: 'ablate', site: g.site, units: [] }, ctx.run),
        ctx.tolerance,
      );
      same(
        'ablate-nothing',
        `add a zero vector at '${g.site}'`,
        base,
        await s.intervene(
          ctx.inputs,
          { kind: 'add', site: g.site, vector: new Float32Array(g.size) },
          ctx.run,
        ),
        ctx.tolerance,
      );
    }
  },
};
