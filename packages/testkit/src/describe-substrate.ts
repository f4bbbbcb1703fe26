import { afterAll, describe, it } from 'vitest';
import { conformanceContext, runCheck } from './conformance.js';
import type { ConformanceOptions } from './rule.js';
import { RULES } from './rules/index.js';

/**
 * Registers the conformance suite with Vitest: one test per rule, skipped (with the reason) when
 * the substrate does not declare the capability the rule needs. Call at the top level of a test file.
 */
export function describeSubstrate(options: ConformanceOptions): void {
  describe(`conformance: ${options.factory.id}`, () => {
    const ctx = conformanceContext(options);
    afterAll(() => ctx.dispose());
    const declared = ctx.create();
    const capabilities = new Set(declared.capabilities);
    declared.dispose();
    for (const check of RULES) {
      const missing = check.needs.filter((c) => !capabilities.has(c));
      const test = missing.length > 0 ? it.skip : it;
      test(`${check.id}: ${check.title}${missing.length > 0 ? ` (not declared: ${missing.join(', ')})` : ''}`, async () => {
        const outcome = await runCheck(ctx, check.id);
        if (outcome.status === 'failed') throw new Error(outcome.detail);
      });
    }
  });
}
