import { type Dataset, type Substrate, takeRows } from '@scrutable/core';
import { conformanceDataset } from './default-dataset.js';
import { type CheckContext, type ConformanceOptions, ConformanceViolation } from './rule.js';
import { RULES } from './rules/index.js';

/** The outcome of one rule. */
export interface CheckOutcome {
  readonly rule: string;
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** The violation message, or why the rule was skipped. */
  readonly detail?: string;
}

/** Builds the shared context for a run: data, inputs, and a lazily fitted substrate. */
export function conformanceContext(options: ConformanceOptions): CheckContext & { dispose(): void } {
  if (options.factory.derivedFrom !== undefined && !options.source)
    throw new Error(
      `'${options.factory.id}' is derived from '${options.factory.derivedFrom}': pass that substrate's factory as \`source\``,
    );
  const dataset: Dataset = options.dataset ?? conformanceDataset();
  const rows = Array.from({ length: Math.min(16, dataset.test.inputs.rows) }, (_, i) => i);
  const created: Substrate[] = [];
  const source = options.source ? { source: options.source } : {};
  const create = (): Substrate => options.factory.create({ config: options.config, ...source });
  const fresh = async (): Promise<Substrate> => {
    const s = create();
    created.push(s);
    await s.fit(dataset, { ...options.fit, seed: options.fit?.seed ?? 1 });
    return s;
  };
  let shared: Promise<Substrate> | undefined;
  return {
    options,
    dataset,
    inputs: takeRows(dataset.test.inputs, rows),
    run: options.run ?? {},
    tolerance: options.tolerance ?? 1e-6,
    create,
    load: (saved) => options.factory.load(saved, source),
    fitted: () => {
      shared ??= fresh();
      return shared;
    },
    fresh,
    dispose: () => {
      for (const s of created) s.dispose();
    },
  };
}

/** Runs one rule against the context; never throws for a violation, reports it. */
export async function runCheck(ctx: CheckContext, rule: string): Promise<CheckOutcome> {
  const check = RULES.find((c) => c.id === rule);
  if (!check) throw new Error(`unknown conformance rule '${rule}'`);
  const declared = ctx.create();
  const missing = check.needs.filter((c) => !declared.capabilities.has(c));
  declared.dispose();
  if (missing.length > 0)
    return { rule, title: check.title, status: 'skipped', detail: `not declared: ${missing.join(', ')}` };
  try {
    await check.run(ctx);
    return { rule, title: check.title, status: 'passed' };
  } catch (e) {
    const detail =
      e instanceof ConformanceViolation ? e.message : `[${rule}] threw ${(e as Error)?.stack ?? e}`;
    return { rule, title: check.title, status: 'failed', detail };
  }
}

/** Runs every rule and returns the outcomes (for tools and for testing the kit itself). */
export async function runConformance(options: ConformanceOptions): Promise<CheckOutcome[]> {
  const ctx = conformanceContext(options);
  try {
    const outcomes: CheckOutcome[] = [];
    for (const check of RULES) outcomes.push(await runCheck(ctx, check.id));
    return outcomes;
  } finally {
    ctx.dispose();
  }
}
