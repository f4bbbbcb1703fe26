import { expectCode, fail, same } from '../assertions.js';
import type { Rule } from '../rule.js';

export const saveLoad: Rule = {
  id: 'save-load',
  title: 'save then load (through JSON) gives identical predictions and observations',
  needs: ['serialize'],
  async run(ctx) {
    const s = await ctx.fitted();
    const saved = JSON.parse(JSON.stringify(s.save()));
    const loaded = await ctx.load(saved);
    same(
      'save-load',
      'predictions after save/load',
      await s.predict(ctx.inputs, ctx.run),
      await loaded.predict(ctx.inputs, ctx.run),
      ctx.tolerance,
    );
    if (s.capabilities.has('observe')) {
      const [a, b] = [await s.observe(ctx.inputs, ctx.run), await loaded.observe(ctx.inputs, ctx.run)];
      for (const [site, m] of Object.entries(a.states)) {
        const other = b.states[site];
        if (!other) fail('save-load', `site '${site}' missing after load`);
        same('save-load', `observation of '${site}' after save/load`, m, other, ctx.tolerance);
      }
    }
    await expectCode('save-load', 'loading garbage', 'BAD_STATE', () =>
      ctx.load({
        substrate: ctx.options.factory.id,
        formatVersion: 1,
        data: { garbage: true },
      }),
    );
    loaded.dispose();
  },
};
