import { readFileSync } from 'node:fs';
import { ScrutableError, unknownName } from '@scrutable/core';
import { z } from 'zod';

/** Most seeds a run may ask for (config file and --seeds alike). */
export const MAX_SEEDS = 100;

/** Fewest examples per split `analyzeCell` accepts as `maxExamples`. */
export const MIN_ANALYSIS_EXAMPLES = 8;

/** The complexity levels every domain has. */
export const LEVELS = { min: 1, max: 5 } as const;

/**
 * Effort for fitting one substrate, counted in work (epochs), never in wall time: a wall-clock cap would
 * make a cell's result depend on the machine and its load.
 */
const BudgetSchema = z.strictObject({
  epochs: z.number().int().positive().optional(),
});
type Budget = z.infer<typeof BudgetSchema>;

/**
 * A rung of the dense ladder: the substrate `of`, made weaker by fewer epochs or a config of its own
 * (e.g. a narrower net), run beside it on the same cells so a weaker substrate meets a dense net of its
 * own accuracy, never a stronger one.
 */
const RungSchema = z.strictObject({
  of: z.string().min(1),
  epochs: z.number().int().positive().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});
export type LadderRung = z.infer<typeof RungSchema>;

/** The experiment a config file (JSON) may describe; every field optional, flags override it. */
export const ConfigFileSchema = z.strictObject({
  suite: z.enum(['quick', 'standard', 'full']).optional(),
  substrates: z.array(z.string().min(1)).min(1).optional(),
  tasks: z.array(z.string().min(1)).min(1).optional(),
  levels: z.array(z.number().int().min(LEVELS.min).max(LEVELS.max)).min(1).optional(),
  seeds: z.number().int().min(1).max(MAX_SEEDS).optional(),
  /** substrate id (or `*` for every substrate) -> fit budget. */
  budgets: z.record(z.string(), BudgetSchema).optional(),
  /** substrate id -> the `config` passed to its factory's create(). */
  substrateConfig: z.record(z.string(), z.unknown()).optional(),
  analysis: z
    .strictObject({
      maxExamples: z.number().int().min(MIN_ANALYSIS_EXAMPLES).optional(),
      families: z.array(z.string()).optional(),
      /** family -> weight in the interpretability index. */
      weights: z.record(z.string(), z.number().nonnegative()).optional(),
    })
    .optional(),
  /**
   * A CSV file in the format `tasks export` writes, run as one more task of the suite (at level 1);
   * a relative path is read from the config file's folder.
   */
  taskFile: z.string().min(1).optional(),
  /** Extra packages (by name) to search for substrates, beyond the workspace. */
  packages: z.array(z.string().min(1)).optional(),
  /** Rung id -> a weaker variant of a substrate (replaces the suite's ladder; `{}` runs none). */
  ladder: z.record(z.string().min(1), RungSchema).optional(),
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
  budgets: Record<string, { epochs?: number }>;
  substrateConfig: Record<string, unknown>;
  analysis: { maxExamples?: number; families?: string[]; weights?: Record<string, number> };
  packages: string[];
  /** The rungs of the dense ladder whose substrate runs (rung id -> rung). */
  ladder: Record<string, LadderRung>;
}

/** Weaker dense nets taken in the same run: early checkpoints (fewer epochs) and narrower nets. */
// Rungs close together in accuracy: a comparator is matched only within 0.03 of a rung, and on parity
// one epoch budget apart (3 to 10) spans 0.69 to 1.0.
const DENSE_LADDER = {
  'dense~e3': { of: 'dense', epochs: 3 },
  'dense~e5': { of: 'dense', epochs: 5 },
  'dense~e7': { of: 'dense', epochs: 7 },
  'dense~e10': { of: 'dense', epochs: 10 },
  'dense~e15': { of: 'dense', epochs: 15 },
  'dense~e30': { of: 'dense', epochs: 30 },
  'dense~w4': { of: 'dense', config: { hidden: [4] } },
  'dense~w8': { of: 'dense', config: { hidden: [8] } },
  'dense~w16': { of: 'dense', config: { hidden: [16] } },
} as const satisfies Record<string, LadderRung>;

/**
 * Suite defaults. `tasks: 'all'` = every domain the tasks package knows, so every task family runs in
 * every suite (a CI over tasks needs at least six; the contrasts are powered for ten or more).
 */
export const SUITES = {
  quick: {
    tasks: 'all',
    levels: [1, 2],
    seeds: 1,
    // Each substrate trains its own default number of epochs.
    budgets: {},
    analysis: { maxExamples: 128 },
    ladder: DENSE_LADDER,
  },
  standard: {
    tasks: 'all',
    levels: [1, 2, 3],
    seeds: 5,
    budgets: {},
    analysis: { maxExamples: 400 },
    ladder: DENSE_LADDER,
  },
  full: {
    tasks: 'all',
    levels: [1, 2, 3, 4, 5],
    seeds: 5,
    budgets: {},
    analysis: { maxExamples: 1000 },
    ladder: DENSE_LADDER,
  },
} as const;

/** Flags that override the config file. */
export interface ConfigOverrides {
  suite?: string;
  substrates?: string[];
  tasks?: string[];
  levels?: number[];
  seeds?: number;
  /** The task id of a task file (see `fileTaskId`), added to the selected tasks. */
  taskFile?: string;
}

/** Reads and validates a config file; BAD_CONFIG naming the file when it cannot be read. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new ScrutableError('BAD_CONFIG', `cannot read the config file '${path}': ${reason}`);
  }
  return parseConfigFile(text, `config file '${path}'`);
}

/** Parses and validates a config file's JSON text; BAD_CONFIG with every problem listed otherwise. */
export function parseConfigFile(text: string, source = 'config'): ConfigFile {
  let json: unknown;
  try {
    // a byte-order mark, which some editors write, is not part of the JSON
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
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

/** What is installed: names a config may use. */
export interface KnownNames {
  readonly substrates: readonly string[];
  readonly domains: readonly string[];
  /** Analysis families; unchecked when absent (no analysis package). */
  readonly families?: readonly string[];
}

/** Suite budgets with the file's laid over them field by field (`{"*": {"epochs": 5}}` over a suite's `*` entry keeps its other fields). */
function mergeBudgets(
  suite: Readonly<Record<string, Budget>>,
  file: Readonly<Record<string, Budget>> = {},
): Record<string, Budget> {
  const merged: Record<string, Budget> = { ...suite };
  for (const [key, budget] of Object.entries(file)) merged[key] = { ...merged[key], ...budget };
  return merged;
}

/** Throws UNKNOWN_NAME for a name of `names` that is not in `valid`. */
function checkNames(kind: string, names: Iterable<string>, valid: readonly string[]): void {
  for (const name of names) if (!valid.includes(name)) unknownName(kind, name, valid);
}

/** Throws BAD_CONFIG when a selection is empty (it would run no cell). */
function checkNotEmpty(kind: string, selected: readonly unknown[], valid?: readonly string[]): void {
  if (!selected.length)
    throw new ScrutableError(
      'BAD_CONFIG',
      `no ${kind} selected: a run needs at least one`,
      valid?.length ? valid : undefined,
    );
}

/**
 * Merges suite defaults, the config file and flags (in that order of precedence, lowest first), and
 * checks every name against what is installed: unknown names (substrates, tasks, the substrate ids
 * keying `budgets` and `substrateConfig`, analysis families) throw UNKNOWN_NAME with a suggestion,
 * and a selection that runs no cell throws BAD_CONFIG, so nothing fails only after training.
 */
export function resolveConfig(file: ConfigFile, flags: ConfigOverrides, known: KnownNames): ResolvedConfig {
  const suiteName = flags.suite ?? file.suite ?? 'quick';
  if (!(suiteName in SUITES)) unknownName('suite', suiteName, Object.keys(SUITES));
  const suite = SUITES[suiteName as keyof typeof SUITES];
  const substrates = flags.substrates ?? file.substrates ?? [...known.substrates];
  checkNotEmpty('substrate', substrates, known.substrates);
  checkNames('substrate', substrates, known.substrates);
  const tasks = flags.tasks ?? file.tasks ?? (suite.tasks === 'all' ? [...known.domains] : [...suite.tasks]);
  checkNotEmpty('task', tasks, known.domains);
  checkNames('task', tasks, known.domains);
  if (flags.taskFile) tasks.push(flags.taskFile);
  const levels = flags.levels ?? file.levels ?? [...suite.levels];
  checkNotEmpty('level', levels);
  for (const l of levels)
    if (!Number.isInteger(l) || l < LEVELS.min || l > LEVELS.max)
      throw new ScrutableError(
        'BAD_CONFIG',
        `level must be an integer in ${LEVELS.min}..${LEVELS.max}, got ${l}`,
      );
  const seedCount = flags.seeds ?? file.seeds ?? suite.seeds;
  if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > MAX_SEEDS)
    throw new ScrutableError('BAD_CONFIG', `seeds must be an integer in 1..${MAX_SEEDS}, got ${seedCount}`);
  checkNames('substrate', Object.keys(file.budgets ?? {}), ['*', ...known.substrates]);
  checkNames('substrate', Object.keys(file.substrateConfig ?? {}), known.substrates);
  // a file's rungs are checked by name; the suite's follow their substrate, run only when it runs
  for (const [id, rung] of Object.entries(file.ladder ?? {})) {
    checkNames('substrate', [rung.of], known.substrates);
    if (known.substrates.includes(id))
      throw new ScrutableError('BAD_CONFIG', `ladder rung '${id}' has the id of an installed substrate`);
  }
  const ladder: Record<string, LadderRung> = Object.fromEntries(
    Object.entries(file.ladder ?? suite.ladder).filter(([, rung]) => substrates.includes(rung.of)),
  );
  if (known.families) {
    checkNames('analysis family', file.analysis?.families ?? [], known.families);
    checkNames('analysis family', Object.keys(file.analysis?.weights ?? {}), known.families);
  }
  return {
    suite: suiteName as ResolvedConfig['suite'],
    substrates: [...new Set(substrates)].sort(),
    // sorted like substrates, so the order tasks are given in changes neither the config nor a merge
    tasks: [...new Set(tasks)].sort(),
    levels: [...new Set(levels)].sort((a, b) => a - b),
    seeds: Array.from({ length: seedCount }, (_, i) => i),
    budgets: mergeBudgets(suite.budgets, file.budgets),
    substrateConfig: { ...file.substrateConfig },
    analysis: { ...suite.analysis, ...file.analysis },
    packages: [...(file.packages ?? [])],
    ladder,
  };
}

/** The budget for one substrate: its own entry over the `*` default. */
export function budgetFor(config: ResolvedConfig, substrate: string): { epochs?: number } {
  return { ...config.budgets['*'], ...config.budgets[substrate] };
}
