import { ScrutableError, unknownName } from '@scrutable/core';
import { z } from 'zod';

/** Effort caps for fitting one substrate. */
const Budget = z.strictObject({
  epochs: z.number().int().positive().optional(),
  wallMs: z.number().positive().optional(),
});

/** The experiment a config file (JSON) may describe; every field optional, flags override it. */
export const ConfigFileSchema = z.strictObject({
  suite: z.enum(['quick', 'standard', 'full']).optional(),
  substrates: z.array(z.string().min(1)).min(1).optional(),
  tasks: z.array(z.string().min(1)).min(1).optional(),
  levels: z.array(z.number().int().min(1).max(5)).min(1).optional(),
  seeds: z.number().int().min(1).max(100).optional(),
  /** substrate id (or `*` for every substrate) -> fit budget. */
  budgets: z.record(z.string(), Budget).optional(),
  /** substrate id -> the `config` passed to its factory's create(). */
  substrateConfig: z.record(z.string(), z.unknown()).optional(),
  analysis: z
    .strictObject({
      maxExamples: z.number().int().positive().optional(),
      families: z.array(z.string()).optional(),
      /** family -> weight in the interpretability index. */
      weights: z.record(z.string(), z.number().nonnegative()).optional(),
    })
    .optional(),
  /** Extra packages (by name) to search for substrates, beyond the workspace. */
  packages: z.array(z.string().min(1)).optional(),
});

/** A parsed config file. */
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The fully resolved experiment, recorded in results.json `config`. */
export interface ResolvedConfig {
  suite: 'quick' | 'standard' | 'full';
  substrates: string[];
  tasks: string[];
  levels: number[];
  /** The seeds themselves (0..n-1). */
  seeds: number[];
  budgets: Record<string, { epochs?: number; wallMs?: number }>;
  substrateConfig: Record<string, unknown>;
  analysis: { maxExamples?: number; families?: string[]; weights?: Record<string, number> };
  packages: string[];
}

/** Suite defaults. `tasks: 'all'` = every domain the tasks package knows. */
export const SUITES = {
  quick: {
    tasks: ['boolean', 'modadd', 'facts', 'gridworld'],
    levels: [1, 2],
    seeds: 1,
    // Each substrate trains with its defaults, capped in wall time so the suite stays within minutes on 2 cores.
    budgets: { '*': { wallMs: 20_000 } },
    analysis: { maxExamples: 128 },
  },
  standard: {
    tasks: 'all',
    levels: [1, 2, 3],
    seeds: 3,
    budgets: { '*': { wallMs: 120_000 } },
    analysis: { maxExamples: 400 },
  },
  full: {
    tasks: 'all',
    levels: [1, 2, 3, 4, 5],
    seeds: 5,
    budgets: { '*': { wallMs: 600_000 } },
    analysis: { maxExamples: 1000 },
  },
} as const;

/** Flags that override the config file. */
export interface ConfigOverrides {
  suite?: string;
  substrates?: string[];
  tasks?: string[];
  levels?: number[];
  seeds?: number;
}

/** Parses and validates a config file's JSON text; BAD_CONFIG with every problem listed otherwise. */
export function parseConfigFile(text: string, source = 'config'): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScrutableError('BAD_CONFIG', `${source} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ScrutableError('BAD_CONFIG', `${source} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Merges suite defaults, the config file and flags (in that order of precedence, lowest first), and
 * checks every name against what is installed: unknown names throw UNKNOWN_NAME with a suggestion.
 */
export function resolveConfig(
  file: ConfigFile,
  flags: ConfigOverrides,
  known: { substrates: readonly string[]; domains: readonly string[] },
): ResolvedConfig {
  const suiteName = flags.suite ?? file.suite ?? 'quick';
  if (!(suiteName in SUITES)) unknownName('suite', suiteName, Object.keys(SUITES));
  const suite = SUITES[suiteName as keyof typeof SUITES];
  const substrates = flags.substrates ?? file.substrates ?? [...known.substrates];
  for (const s of substrates)
    if (!known.substrates.includes(s)) unknownName('substrate', s, known.substrates);
  const tasks = flags.tasks ?? file.tasks ?? (suite.tasks === 'all' ? [...known.domains] : [...suite.tasks]);
  for (const t of tasks) if (!known.domains.includes(t)) unknownName('task', t, known.domains);
  const levels = flags.levels ?? file.levels ?? [...suite.levels];
  for (const l of levels)
    if (!Number.isInteger(l) || l < 1 || l > 5)
      throw new ScrutableError('BAD_CONFIG', `level must be an integer in 1..5, got ${l}`);
  const seedCount = flags.seeds ?? file.seeds ?? suite.seeds;
  if (!Number.isInteger(seedCount) || seedCount < 1)
    throw new ScrutableError('BAD_CONFIG', `seeds must be a positive integer, got ${seedCount}`);
  return {
    suite: suiteName as ResolvedConfig['suite'],
    substrates: [...new Set(substrates)].sort(),
    tasks: [...new Set(tasks)],
    levels: [...new Set(levels)].sort((a, b) => a - b),
    seeds: Array.from({ length: seedCount }, (_, i) => i),
    budgets: { ...suite.budgets, ...file.budgets },
    substrateConfig: { ...file.substrateConfig },
    analysis: { ...suite.analysis, ...file.analysis },
    packages: [...(file.packages ?? [])],
  };
}

/** The budget for one substrate: its own entry over the `*` default. */
export function budgetFor(config: ResolvedConfig, substrate: string): { epochs?: number; wallMs?: number } {
  return { ...config.budgets['*'], ...config.budgets[substrate] };
}
