import type { Substrate } from '@scrutable/core';
import { fail } from '../assertions.js';
import { type CheckContext, ConformanceViolation, type Rule } from '../rule.js';

/**
 * The whole kit again on substrates that went through save, JSON and load: a loaded substrate must
 * behave as a fitted one in every rule, not only predict the same. `rules` gives the list to re-run
 * (this rule itself is left out).
 */
export function reloaded(rules: () => readonly Rule[]): Rule {
  return {
    id: 'reloaded',
    title: 'every rule passes again on a substrate restored by save/load',
    needs: ['serialize'],
    async run(ctx) {
      const loaded: Substrate[] = [];
      const roundTrip = async (s: Substrate): Promise<Substrate> => {
        const restored = await ctx.load(JSON.parse(JSON.stringify(s.save())));
        loaded.push(restored);
        return restored;
      };
      let shared: Promise<Substrate> | undefined;
      const again: CheckContext = {
        ...ctx,
        fitted: () => {
          shared ??= ctx.fitted().then(roundTrip);
          return shared;
        },
        fresh: async () => roundTrip(await ctx.fresh()),
      };
      const violations: string[] = [];
      try {
        const capabilities = (await again.fitted()).capabilities;
        for (const rule of rules()) {
          if (rule.id === 'reloaded' || rule.needs.some((c) => !capabilities.has(c))) continue;
          try {
            await rule.run(again);
          } catch (e) {
            if (!(e instanceof ConformanceViolation)) throw e;
            violations.push(e.message);
          }
        }
      } finally {
        for (const s of loaded) s.dispose();
      }
      if (violations.length > 0) fail('reloaded', `after a save/load round trip: ${violations.join('; ')}`);
    },
  };
}
