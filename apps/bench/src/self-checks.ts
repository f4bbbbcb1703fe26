import type { SelfCheck } from '@scrutable/core';
import { type RegistryEntry, sourceEntry } from './registry.js';
import { toJsonSafe } from './run-cell.js';

/** One substrate's self-checks as results.json `selfChecks` and `scrutable validate --json` record them. */
export interface SelfCheckReport {
  readonly passed: boolean;
  readonly checks: readonly SelfCheck[];
  /** Why the checks could not run (then `passed` is false). */
  readonly error?: string;
}

/** Seed of the self-checks a bench run makes (fixed, so a report's self-checks are reproducible). */
const SELF_CHECK_SEED = 0;

/**
 * Runs one factory's self-checks; a check that throws gives a failed report carrying the error. A
 * derived substrate's checks get its source's factory (`source`), resolved through `byId`.
 */
export async function selfCheckReport(
  entry: RegistryEntry,
  byId: ReadonlyMap<string, RegistryEntry>,
  options: { quick?: boolean; signal?: AbortSignal } = {},
): Promise<SelfCheckReport | undefined> {
  const { checks } = entry.factory;
  if (!checks) return undefined;
  try {
    const source = sourceEntry(entry, byId)?.factory;
    const list = toJsonSafe([
      ...(await checks({ seed: SELF_CHECK_SEED, ...options, ...(source ? { source } : {}) })),
    ]);
    return { passed: list.length > 0 && list.every((c) => c.passed === true), checks: list };
  } catch (e) {
    return { passed: false, checks: [], error: String((e as Error)?.message ?? e) };
  }
}

/** The self-checks of every entry whose factory ships them, by substrate id. */
export async function runSelfChecks(
  entries: readonly RegistryEntry[],
  byId: ReadonlyMap<string, RegistryEntry>,
): Promise<Record<string, SelfCheckReport>> {
  const out: Record<string, SelfCheckReport> = {};
  for (const entry of entries) {
    const report = await selfCheckReport(entry, byId);
    if (report) out[entry.factory.id] = report;
  }
  return out;
}
