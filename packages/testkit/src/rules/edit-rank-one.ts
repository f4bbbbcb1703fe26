import { Rng } from '@scrutable/core';
import { differs, expectCode, fail } from '../assertions.js';
import type { Rule } from '../rule.js';

function randomVector(rng: Rng, n: number, norm: number): Float32Array {
  const v = Float32Array.from({ length: n }, () => rng.normal());
  const scale = norm / Math.max(1e-12, Math.hypot(...v));
  return v.map((x) => x * scale);
}

function frobenius(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return Math.sqrt(s);
}

export const editRankOne: Rule = {
  id: 'edit-rank-one',
  title: 'a random rank-one edit of a matrix view is written back and changes the outputs',
  needs: ['parameters', 'edit'],
  async run(ctx) {
    const s = await ctx.fresh();
    const base = await s.predict(ctx.inputs, ctx.run);
    const rng = new Rng(99);
    const matrices = s.parameters().filter((v) => v.from !== undefined);
    if (matrices.length === 0) fail('edit-rank-one', 'no matrix view (with a from-site) to edit');
    for (const v of matrices) {
      const before = v.read();
      const size = Math.max(1, frobenius(before));
      const u = randomVector(rng, v.rows, Math.sqrt(size));
      const w = randomVector(rng, v.cols, Math.sqrt(size));
      s.applyEdit({ name: v.name, u, v: w });
      const after = v.read();
      let worst = 0;
      for (let i = 0; i < v.rows; i++)
        for (let j = 0; j < v.cols; j++)
          worst = Math.max(worst, Math.abs(after[i * v.cols + j]! - before[i * v.cols + j]! - u[i]! * w[j]!));
      if (!(worst <= 1e-4 * Math.max(1, size)))
        fail('edit-rank-one', `'${v.name}' after a rank-one edit differs from before + u vᵀ by ${worst}`);
      differs(
        'edit-rank-one',
        `random rank-one edit of '${v.name}'`,
        base,
        await s.predict(ctx.inputs, ctx.run),
        ctx.tolerance,
      );
      s.applyEdit({ name: v.name, u: u.map((x) => -x), v: w });
    }
    await expectCode('edit-rank-one', 'editing an unknown parameter', 'UNKNOWN_PARAMETER', () =>
      s.applyEdit({ name: 'no-such-parameter', delta: new Float32Array(1) }),
    );
  },
};
