import { expectCode, sitesOf } from '../assertions.js';
import type { Rule } from '../rule.js';

export const interveneErrors: Rule = {
  id: 'intervene-errors',
  title: 'unknown sites and units throw the typed errors',
  needs: ['intervene'],
  async run(ctx) {
    const s = await ctx.fitted();
    const [g] = sitesOf('intervene-errors', s);
    await expectCode('intervene-errors', 'ablating at an unknown site', 'UNKNOWN_SITE', () =>
      s.intervene(ctx.inputs, { kind: 'ablate', site: 'no-such-site', units: [0] }, ctx.run),
    );
    await expectCode('intervene-errors', `ablating unit ${g.size} at '${g.site}'`, 'UNKNOWN_UNIT', () =>
      s.intervene(ctx.inputs, { kind: 'ablate', site: g.site, units: [g.size] }, ctx.run),
    );
    await expectCode('intervene-errors', 'adding a vector of the wrong length', 'BAD_INPUT', () =>
      s.intervene(ctx.inputs, { kind: 'add', site: g.site, vector: new Float32Array(g.size + 1) }, ctx.run),
    );
  },
};
