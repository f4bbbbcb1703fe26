import { fail, same } from '../assertions.js';
import type { Rule } from '../rule.js';

function describeOutcome(outcome: unknown): string {
  if (typeof outcome === 'string') return outcome;
  return `it threw ${(outcome as Error)?.name ?? typeof outcome}: ${(outcome as Error)?.message ?? outcome}`;
}

export const refitAbort: Rule = {
  id: 'refit-abort',
  title: 'an aborted re-fit rejects with AbortError and changes nothing',
  needs: [],
  async run(ctx) {
    const s = await ctx.fresh();
    const before = await s.predict(ctx.inputs, ctx.run);
    const saved = s.capabilities.has('serialize') ? JSON.stringify(s.save()) : undefined;
    const views = s.capabilities.has('parameters') ? s.parameters() : [];
    const weights = views.map((v) => v.read());
    // Aborted before it starts, then (when the fit reports progress) at its first report.
    for (const when of ['before it starts', 'at its first progress report'] as const) {
      const controller = new AbortController();
      if (when === 'before it starts') controller.abort();
      let reports = 0;
      let outcome: unknown = 'it resolved';
      try {
        await s.fit(ctx.dataset, {
          ...ctx.options.fit,
          seed: (ctx.options.fit?.seed ?? 1) + 1,
          signal: controller.signal,
          onProgress: () => {
            reports++;
            controller.abort();
          },
        });
      } catch (e) {
        outcome = e;
      }
      if (when !== 'before it starts' && reports === 0) continue;
      const what = `a re-fit aborted ${when}`;
      if (!(outcome instanceof Error && outcome.name === 'AbortError'))
        fail('refit-abort', `${what}: expected an AbortError, but ${describeOutcome(outcome)}`);
      if (!s.fitted) fail('refit-abort', `${what} left the substrate not fitted`);
      same(
        'refit-abort',
        `predictions after ${what}`,
        before,
        await s.predict(ctx.inputs, ctx.run),
        ctx.tolerance,
      );
      if (saved !== undefined && JSON.stringify(s.save()) !== saved)
        fail('refit-abort', `${what} changed save()`);
      views.forEach((v, i) => {
        if (v.read().some((x, k) => x !== weights[i]![k]))
          fail('refit-abort', `${what} changed parameter view '${v.name}'`);
      });
    }
  },
};
