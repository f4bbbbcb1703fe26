import { matrix } from '@scrutable/core';
import { expectCode } from '../assertions.js';
import type { Rule } from '../rule.js';

export const badInput: Rule = {
  id: 'bad-input',
  title: 'bad input throws the typed error, not a crash inside a library',
  needs: [],
  async run(ctx) {
    const s = await ctx.fitted();
    const w = ctx.inputs.cols;
    await expectCode('bad-input', 'input of the wrong width', 'BAD_INPUT', () =>
      s.predict(matrix(2, w + 1), ctx.run),
    );
    const nan = matrix(2, w);
    nan.data[1] = Number.NaN;
    await expectCode('bad-input', 'input containing NaN', 'BAD_INPUT', () => s.predict(nan, ctx.run));
    await expectCode('bad-input', 'a fit seed that is not an integer', 'BAD_INPUT', () =>
      ctx.create().fit(ctx.dataset, { seed: 0.5 }),
    );
  },
};
