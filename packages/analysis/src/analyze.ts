import type { Substrate } from '@scrutable/core';
import { isScrutableError, ScrutableError } from '@scrutable/core';
import type { TaskInstance } from '@scrutable/tasks';
import { AnalysisContext } from './context.js';
import { essayEvidence } from './evidence/essay-evidence.js';
import { analyzeAblate } from './families/ablate.js';
import { analyzeDecode } from './families/decode.js';
import { analyzeDescribe } from './families/describe.js';
import { analyzeEdit } from './families/edit.js';
import { analyzeLocalize } from './families/localize.js';
import { analyzeMechanism } from './families/mechanism.js';
import { analyzeObserve } from './families/observe.js';
import { analyzeSteer } from './families/steer.js';
import {
  type AnalyzeOptions,
  allUnavailable,
  type CellAnalysis,
  FAMILIES,
  FAMILY_METRICS,
  type Family,
  type FamilyResult,
  interpretabilityIndex,
} from './types.js';

export { interpretabilityIndex };

const RUNNERS: Readonly<Record<Family, (ctx: AnalysisContext) => Promise<FamilyResult>>> = {
  decode: analyzeDecode,
  localize: analyzeLocalize,
  ablate: analyzeAblate,
  mechanism: analyzeMechanism,
  steer: analyzeSteer,
  edit: analyzeEdit,
  observe: analyzeObserve,
  describe: analyzeDescribe,
};

/** A family's score: the mean of its non-null metrics (edit: edit.score alone, which already combines them). */
export function familyScore(family: Family, metrics: Readonly<Record<string, number | null>>): number | null {
  const ids = family === 'edit' ? ['edit.score'] : FAMILY_METRICS[family];
  const values = ids
    .map((id) => metrics[id])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * Runs the requested analysis families on one fitted substrate and task, through the Substrate
 * interface only, on held-out data. Families that cannot run report null with a reason.
 */
export async function analyzeCell(
  substrate: Substrate,
  task: TaskInstance,
  options: AnalyzeOptions,
): Promise<CellAnalysis> {
  const started = performance.now();
  if (!Number.isInteger(options?.seed) || options.seed < 0)
    throw new ScrutableError(
      'BAD_INPUT',
      `analyzeCell: seed must be a non-negative integer, got ${options?.seed}`,
    );
  if (
    options.maxExamples !== undefined &&
    !(Number.isInteger(options.maxExamples) && options.maxExamples >= 8)
  )
    throw new ScrutableError(
      'BAD_INPUT',
      `analyzeCell: maxExamples must be an integer >= 8, got ${options.maxExamples}`,
    );
  for (const f of options.families ?? [])
    if (!FAMILIES.includes(f))
      throw new ScrutableError('UNKNOWN_NAME', `unknown analysis family '${f}'`, FAMILIES);
  if (!substrate.fitted)
    throw new ScrutableError('NOT_FITTED', 'analyzeCell: fit or load the substrate first');
  if (substrate.inputWidth !== task.train.inputs.cols)
    throw new ScrutableError(
      'BAD_INPUT',
      `analyzeCell: substrate takes ${substrate.inputWidth} inputs, task '${task.name}' has ${task.train.inputs.cols}`,
    );
  const ctx = new AnalysisContext(substrate, task, options.seed, options.maxExamples);
  const requested = FAMILIES.filter((f) => !options.families || options.families.includes(f));
  const metrics: Record<string, number | null> = {};
  const unavailable: Record<string, string> = {};
  const raw: Record<string, unknown> = {};
  const families = {} as Record<Family, number | null>;
  for (const [i, family] of FAMILIES.entries()) {
    const result = requested.includes(family)
      ? await runFamily(family, ctx)
      : allUnavailable(FAMILY_METRICS[family], 'family not requested');
    for (const id of FAMILY_METRICS[family]) {
      const value = result.metrics[id];
      metrics[id] = typeof value === 'number' && Number.isFinite(value) ? value : null;
      if (metrics[id] === null) unavailable[id] = result.unavailable[id] ?? 'no value could be computed';
    }
    Object.assign(raw, jsonSafe(result.raw));
    families[family] = familyScore(family, metrics);
    options.onProgress?.({ fraction: (i + 1) / FAMILIES.length, message: family });
  }
  Object.assign(raw, jsonSafe(await essayEvidence(ctx)));
  ctx.cost.analysisMs = performance.now() - started;
  return {
    metrics,
    unavailable,
    families,
    index: interpretabilityIndex(families, options.weights),
    raw,
    cost: { ...ctx.cost },
  };
}

/**
 * Runs one family; a typed error from the substrate (it rejected an intervention, say) makes the
 * family's metrics null with the substrate's message, rather than failing the whole cell.
 */
async function runFamily(family: Family, ctx: AnalysisContext): Promise<FamilyResult> {
  try {
    return await RUNNERS[family](ctx);
  } catch (e) {
    if (!isScrutableError(e)) throw e;
    return allUnavailable(FAMILY_METRICS[family], `the substrate refused a call: ${e.message}`);
  }
}

/** Raw figures as plain JSON: typed arrays become arrays, non-finite numbers become null. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    }),
  ) as T;
}
