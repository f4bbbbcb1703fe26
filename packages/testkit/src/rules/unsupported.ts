import { ALL_CAPABILITIES, type Capability } from '@scrutable/core';
import { expectCode } from '../assertions.js';
import type { Rule } from '../rule.js';

export const unsupported: Rule = {
  id: 'unsupported',
  title: 'capabilities not declared throw UNSUPPORTED',
  needs: [],
  async run(ctx) {
    const s = await ctx.fitted();
    const calls: Record<Capability, () => unknown> = {
      observe: () => s.observe(ctx.inputs, ctx.run),
      intervene: () => s.intervene(ctx.inputs, [], ctx.run),
      parameters: () => s.parameters(),
      edit: () => s.applyEdit({ name: 'x', delta: new Float32Array(1) }),
      serialize: () => s.save(),
    };
    for (const c of ALL_CAPABILITIES) {
      if (!s.capabilities.has(c))
        await expectCode('unsupported', `calling '${c}' without declaring it`, 'UNSUPPORTED', calls[c]);
    }
  },
};
