import { outputWidth } from '@scrutable/core';
import { fail } from '../assertions.js';
import type { Rule } from '../rule.js';

export const predictShape: Rule = {
  id: 'predict-shape',
  title: 'predicts one finite row per example, one column per output',
  needs: [],
  async run(ctx) {
    const s = await ctx.fitted();
    const out = await s.predict(ctx.inputs, ctx.run);
    const width = outputWidth(ctx.dataset.heads);
    if (out.rows !== ctx.inputs.rows || out.cols !== width || out.data.length !== out.rows * out.cols) {
      fail(
        'predict-shape',
        `expected ${ctx.inputs.rows}x${width}, got ${out.rows}x${out.cols} (${out.data.length} values)`,
      );
    }
    if (!out.data.every(Number.isFinite)) fail('predict-shape', 'predictions contain NaN or infinite values');
  },
};
