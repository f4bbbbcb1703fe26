import { fail } from '../assertions.js';
import type { Rule } from '../rule.js';

export const parameterViews: Rule = {
  id: 'parameter-views',
  title: 'parameter views have consistent shapes and name real sites',
  needs: ['parameters'],
  async run(ctx) {
    const s = await ctx.fitted();
    const views = s.parameters();
    if (views.length === 0) fail('parameter-views', 'parameters() lists no view');
    const sites = new Set(s.units().map((g) => g.site));
    const names = new Set<string>();
    for (const v of views) {
      if (names.has(v.name)) fail('parameter-views', `duplicate view name '${v.name}'`);
      names.add(v.name);
      const values = v.read();
      if (values.length !== v.rows * v.cols)
        fail('parameter-views', `'${v.name}' reads ${values.length} values for shape ${v.rows}x${v.cols}`);
      if (!sites.has(v.to) && v.to !== 'output')
        fail('parameter-views', `'${v.name}' maps to unknown site '${v.to}'`);
      if (v.from !== undefined && !sites.has(v.from) && v.from !== 'input')
        fail('parameter-views', `'${v.name}' maps from unknown site '${v.from}'`);
      values.fill(12345);
      if (values.length > 0 && v.read().every((x) => x === 12345))
        fail('parameter-views', `'${v.name}'.read() must return a copy`);
    }
  },
};
