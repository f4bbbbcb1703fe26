import { same } from '../assertions.js';
import type { Rule } from '../rule.js';

export const determinism: Rule = {
  id: 'determinism',
  title: 'the same seed gives identical predictions',
  needs: [],
  async run(ctx) {
    const a = await ctx.fitted();
    const b = await ctx.fresh();
    same(
      'determinism',
      'two substrates fitted with the same seed',
      await a.predict(ctx.inputs, ctx.run),
      await b.predict(ctx.inputs, ctx.run),
      ctx.tolerance,
    );
    same(
      'determinism',
      'the same substrate predicting twice',
      await a.predict(ctx.inputs, ctx.run),
      await a.predict(ctx.inputs, ctx.run),
      ctx.tolerance,
    );
  },
};
