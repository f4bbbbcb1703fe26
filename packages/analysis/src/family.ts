import type { Capability, ParameterView, UnitGroup } from '@scrutable/core';
import type { AnalysisContext } from './context.js';
import type { TaskTraits } from './traits.js';
import type { FamilyResult } from './types.js';

/** What applicability is decided from: the task's traits and the substrate's declared make-up. */
export interface Design {
  readonly traits: TaskTraits;
  readonly capabilities: ReadonlySet<Capability>;
  readonly sites: readonly UnitGroup[];
  /** Parameter views (empty without the `parameters` capability). */
  readonly parameters: readonly ParameterView[];
  /** Columns of the task's outputs. */
  readonly outputWidth: number;
  /** An untrained twin of the substrate was provided (decode's gain is measured against it). */
  readonly untrained: boolean;
}

/** One metric of a family and when it applies. */
export interface MetricSpec {
  readonly id: string;
  /** Capabilities the substrate must declare. */
  readonly needs: readonly Capability[];
  /** Why the metric does not apply by design (task traits, the substrate's sites), or null when it does. */
  readonly applies: (design: Design) => string | null;
}

/**
 * An analysis family as an independent unit: its id, its metrics and when each applies, whether it
 * enters the interpretability index, how its metrics combine into its score, and its run. Adding a
 * family is one module exporting one of these and one entry in `families/index.ts`.
 */
export interface AnalysisFamily {
  readonly id: string;
  readonly metrics: readonly MetricSpec[];
  /** False for an axis reported beside the index (observe: reading cost). */
  readonly inIndex: boolean;
  /** The family's score from its metrics (null when none applies). */
  readonly score: (metrics: Readonly<Record<string, number | null | undefined>>) => number | null;
  readonly run: (ctx: AnalysisContext) => Promise<FamilyResult>;
}

/** Why `spec` does not apply, or null when it does (capabilities first, then the design). */
export function notApplicable(spec: MetricSpec, design: Design): string | null {
  const missing = spec.needs.filter((c) => !design.capabilities.has(c));
  if (missing.length)
    return `needs the ${missing.join(' and ')} capabilit${missing.length > 1 ? 'ies' : 'y'}`;
  return spec.applies(design);
}

/** The mean of the finite values among `ids` (null when none is finite). */
export function meanScore(ids: readonly string[]) {
  return (metrics: Readonly<Record<string, number | null | undefined>>): number | null => {
    const values = ids.map((id) => metrics[id]).filter((v): v is number => Number.isFinite(v));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
}

/** The value of one metric, which already combines the others (null when not finite). */
export function oneScore(id: string) {
  return (metrics: Readonly<Record<string, number | null | undefined>>): number | null => {
    const v = metrics[id];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
}

/** Applies always. */
export const always = (): null => null;
/** Applies when the task has ground-truth latents. */
export const needsLatents = (d: Design): string | null =>
  d.traits.latents ? null : 'the task has no latents';
/** Applies when the task has a class or binary output. */
export const needsDiscreteOutput = (d: Design): string | null =>
  d.traits.discreteOutputs > 0 ? null : 'the task has no class or binary output';
