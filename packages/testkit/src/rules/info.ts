import { ALL_CAPABILITIES } from '@scrutable/core';
import { fail } from '../assertions.js';
import type { Rule } from '../rule.js';

export const info: Rule = {
  id: 'info',
  title: 'declares its identity and only known capabilities',
  needs: [],
  async run({ options, create }) {
    const s = create();
    for (const key of ['id', 'family', 'description'] as const) {
      if (typeof s.info[key] !== 'string' || s.info[key].length === 0)
        fail('info', `info.${key} must be a non-empty string`);
    }
    if (typeof s.info.synchronous !== 'boolean') fail('info', 'info.synchronous must be a boolean');
    const window = s.info.stochastic?.windowMs;
    if (s.info.stochastic && !(typeof window === 'number' && Number.isFinite(window) && window > 0))
      fail('info', `info.stochastic.windowMs must be a positive number of simulated ms, got ${window}`);
    if (s.info.id !== options.factory.id)
      fail('info', `info.id '${s.info.id}' differs from factory.id '${options.factory.id}'`);
    for (const c of s.capabilities)
      if (!ALL_CAPABILITIES.includes(c)) fail('info', `unknown capability '${c}'`);
    if (s.capabilities.has('edit') && !s.capabilities.has('parameters'))
      fail('info', "declares 'edit' without 'parameters' (an edit names a parameter view)");
    s.dispose();
  },
};
