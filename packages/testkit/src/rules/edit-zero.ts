import { matrix, maxAbsDiff } from '@scrutable/core';
import { fail, same } from '../assertions.js';
import type { Rule } from '../rule.js';

export const editZero: Rule = {
  id: 'edit-zero',
  title: 'a zero edit of any view changes nothing',
  needs: ['parameters', 'edit'],
  async run(ctx) {
    const s = await ctx.fresh();
    const base = await s.predict(ctx.inputs, ctx.run);
    for (const v of s.parameters()) {
      const before = v.read();
      s.applyEdit({ name: v.name, delta: new Float32Array(v.rows * v.cols) });
      same(
        'edit-zero',
        `zero edit of '${v.name}'`,
        base,
        await s.predict(ctx.inputs, ctx.run),
        ctx.tolerance,
      );
      if (maxAbsDiff(matrix(1, before.length, before), matrix(1, before.length, v.read())) > 0)
        fail('edit-zero', `zero edit of '${v.name}' changed its values`);
    }
  },
};
