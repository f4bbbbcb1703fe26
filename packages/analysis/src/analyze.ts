import { isScrutableError, outputWidth, ScrutableError, type Substrate } from '@scrutable/core';
import type { TaskInstance } from '@scrutable/tasks';
import { AnalysisContext } from './context.js';
import { essayEvidence } from './evidence/essay-evidence.js';
import { FAMILIES, FAMILY_LIST, interpretabilityIndex } from './families/index.js';
import { type AnalysisFamily, type Design, notApplicable } from './family.js';
import { familyReadingCost } from './family-reading-cost.js';
import { cellFigures } from './figures.js';
import { taskTraits } from './traits.js';
import type { AnalyzeOptions, CellAnalysis, Family, FamilyResult, ReadingCost } from './types.js';

/** Default presentation window (simulated ms) for every family but observe: long enough to be asymptotic. */
export const READING_WINDOW_MS = 1000;

/** What applicability is decided from for this substrate on this task. */
export function designOf(substrate: Substrate, task: TaskInstance, untrained = false): Design {
  return {
    traits: taskTraits(task),
    capabilities: substrate.capabilities,
    sites: substrate.units(),
    parameters: substrate.capabilities.has('parameters') ? substrate.parameters() : [],
    outputWidth: outputWidth(task.heads),
    untrained,
  };
}

/** A family's score from its metrics, by the family's own rule; null for an unknown family. */
export function familyScore(family: Family, metrics: Readonly<Record<string, number | null>>): number | null {
  return FAMILY_LIST.find((f) => f.id === family)?.score(metrics) ?? null;
}

/**
 * Runs the requested analysis families on one fitted substrate and task, through the Substrate
 * interface only, on held-out data. Whether a metric applies is decided by design (the task's traits,
 * the substrate's capabilities and sites) before it runs: a metric that does not apply is null with
 * the reason in `unavailable`; one that applies and finds nothing scores 0, with the reason in
 * `nothingFound`.
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
  if (options.readingWindowMs !== undefined && !(options.readingWindowMs > 0))
    throw new ScrutableError(
      'BAD_INPUT',
      `analyzeCell: readingWindowMs must be a positive number of simulated ms, got ${options.readingWindowMs}`,
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
  const ctx = new AnalysisContext(substrate, task, options.seed, {
    maxExamples: options.maxExamples,
    windowMs: options.readingWindowMs ?? READING_WINDOW_MS,
    untrained: options.untrained,
  });
  if (options.untrained && !options.untrained.fitted)
    throw new ScrutableError('NOT_FITTED', 'analyzeCell: fit the untrained twin (zero epochs) first');
  const design = designOf(substrate, task, options.untrained !== undefined);
  const metrics: Record<string, number | null> = {};
  const unavailable: Record<string, string> = {};
  const nothingFound: Record<string, string> = {};
  const raw: Record<string, unknown> = {};
  const families = {} as Record<Family, number | null>;
  const readingCost: ReadingCost[] = [];
  const scored: { family: AnalysisFamily; applicable: string[]; score: number }[] = [];
  const familyMs: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    try {
      return await work();
    } finally {
      familyMs[name] = (familyMs[name] ?? 0) + performance.now() - begun;
    }
  };
  for (const [i, family] of FAMILY_LIST.entries()) {
    const requested = !options.families || options.families.includes(family.id);
    const reasons = new Map(
      family.metrics.map((m) => [m.id, requested ? notApplicable(m, design) : 'family not requested']),
    );
    const applicable = [...reasons].filter(([, reason]) => reason === null).map(([id]) => id);
    const result = applicable.length ? await timed(family.id, () => runFamily(family, ctx)) : undefined;
    for (const [id, reason] of reasons) {
      if (reason !== null) {
        metrics[id] = null;
        unavailable[id] = reason;
        continue;
      }
      const found = foundValue(result, id);
      metrics[id] = found.value;
      if (found.nothing) nothingFound[id] = found.nothing;
    }
    if (result) {
      const { 'observe.readingCost': cost, ...rest } = result.raw;
      if (Array.isArray(cost)) readingCost.push(...(jsonSafe(cost) as ReadingCost[]));
      Object.assign(raw, jsonSafe(rest));
    }
    const score = family.score(metrics);
    families[family.id] = score;
    if (result && family.inIndex && score !== null) scored.push({ family, applicable, score });
    options.onProgress?.({ fraction: (i + 1) / FAMILY_LIST.length, message: family.id });
  }
  // Every other index family's reading cost, on the windows of observe's decode sweep (decode's own
  // row is that sweep). One context per window, shared by the families as `ctx` is at the asymptote,
  // so a window's split readings and probes are made once.
  const sweep = readingCost.find((r) => r.family === 'decode');
  const shorter = new Map<number, AnalysisContext>();
  const contextAt = (windowMs: number) => {
    let context = shorter.get(windowMs);
    if (!context) {
      context = new AnalysisContext(substrate, task, options.seed, {
        maxExamples: options.maxExamples,
        windowMs,
        untrained: options.untrained,
      });
      shorter.set(windowMs, context);
    }
    return context;
  };
  if (sweep)
    for (const { family, applicable, score } of scored.filter((s) => s.family.id !== 'decode'))
      readingCost.push(
        await timed(family.id, () =>
          familyReadingCost(family.id, score, sweep, async (windowMs) => {
            const result = await runFamily(family, contextAt(windowMs));
            const values = Object.fromEntries(applicable.map((id) => [id, foundValue(result, id).value]));
            return family.score(values) ?? 0;
          }),
        ),
      );
  // the shorter readings are work of this cell's analysis
  for (const { cost } of shorter.values()) {
    ctx.cost.observeMs += cost.observeMs;
    ctx.cost.forwardPasses += cost.forwardPasses;
    ctx.cost.simulatedMs += cost.simulatedMs;
    ctx.cost.synapticEvents += cost.synapticEvents;
  }
  Object.assign(raw, jsonSafe(await timed('evidence', () => essayEvidence(ctx))));
  const figures = options.figures ? await cellFigures(ctx, raw) : undefined;
  ctx.cost.analysisMs = performance.now() - started;
  return {
    ...(figures ? { figures: jsonSafe(figures) } : {}),
    metrics,
    unavailable,
    nothingFound,
    families,
    index: interpretabilityIndex(families, options.weights),
    readingCost,
    raw,
    cost: { ...ctx.cost, familyMs },
  };
}

/**
 * An applicable metric's value from its family's run: the finite value, or 0 with the reason when
 * nothing was found (applicable by design and nothing found is a finding, scored 0).
 */
function foundValue(result: FamilyResult | undefined, id: string): { value: number; nothing?: string } {
  const value = result?.metrics[id];
  if (typeof value === 'number' && Number.isFinite(value)) return { value };
  return { value: 0, nothing: result?.unavailable[id] ?? 'no value could be computed' };
}

/**
 * Runs one family. A typed error from the substrate (it refused an intervention, say) on a family
 * that applies by design is a failure of that family: its metrics score 0 with the substrate's
 * message, rather than failing the whole cell.
 */
async function runFamily(family: AnalysisFamily, ctx: AnalysisContext): Promise<FamilyResult> {
  try {
    return await family.run(ctx);
  } catch (e) {
    if (!isScrutableError(e)) throw e;
    const reason = `the substrate refused a call: ${e.message}`;
    return {
      metrics: {},
      unavailable: Object.fromEntries(family.metrics.map((m) => [m.id, reason])),
      raw: {},
    };
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
