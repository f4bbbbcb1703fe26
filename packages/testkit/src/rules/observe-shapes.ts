import { expectCode, fail, sitesOf } from '../assertions.js';
import type { Rule } from '../rule.js';

export const observeShapes: Rule = {
  id: 'observe-shapes',
  title: 'observations cover every site with [examples x units] states and a reading cost',
  needs: ['observe'],
  async run(ctx) {
    const s = await ctx.fitted();
    const groups = sitesOf('observe-shapes', s);
    const obs = await s.observe(ctx.inputs, ctx.run);
    for (const g of groups) {
      const m = obs.states[g.site];
      if (!m) fail('observe-shapes', `site '${g.site}' missing from the observation`);
      if (m.rows !== ctx.inputs.rows || m.cols !== g.size || m.data.length !== m.rows * m.cols) {
        fail(
          'observe-shapes',
          `site '${g.site}': expected ${ctx.inputs.rows}x${g.size}, got ${m.rows}x${m.cols}`,
        );
      }
      if (!m.data.every(Number.isFinite))
        fail('observe-shapes', `site '${g.site}' has NaN or infinite states`);
      if (g.labels && g.labels.length !== g.size)
        fail('observe-shapes', `site '${g.site}' has ${g.labels.length} labels for ${g.size} units`);
    }
    for (const key of ['forwardPasses', 'simulatedMs', 'synapticEvents', 'wallMs'] as const) {
      const v = obs.cost?.[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        fail('observe-shapes', `cost.${key} must be a finite number >= 0, got ${v}`);
    }
    if (obs.cost.forwardPasses === 0 && obs.cost.simulatedMs === 0)
      fail('observe-shapes', 'cost reports neither forward passes nor simulated time');
    const one = await s.observe(ctx.inputs, { ...ctx.run, sites: [groups[0].site] });
    if (Object.keys(one.states).join() !== groups[0].site)
      fail(
        'observe-shapes',
        `asking for site '${groups[0].site}' returned ${Object.keys(one.states).join(', ')}`,
      );
    await expectCode('observe-shapes', 'observing an unknown site', 'UNKNOWN_SITE', () =>
      s.observe(ctx.inputs, { ...ctx.run, sites: ['no-such-site'] }),
    );
  },
};
