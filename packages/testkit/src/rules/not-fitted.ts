import { expectCode } from '../assertions.js';
import type { Rule } from '../rule.js';

export const notFitted: Rule = {
  id: 'not-fitted',
  title: 'refuses to predict before fit with NOT_FITTED',
  needs: [],
  async run({ inputs, run, create }) {
    const s = create();
    await expectCode('not-fitted', 'predict before fit', 'NOT_FITTED', () => s.predict(inputs, run));
    s.dispose();
  },
};
