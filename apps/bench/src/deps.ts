import type {
  CellCost,
  Dataset,
  LabelledSplit,
  ResultsSummary,
  Substrate,
  SubstrateFactory,
} from '@scrutable/core';
import { ScrutableError } from '@scrutable/core';

/**
 * The parts of the tasks, analysis and spiking packages the bench app calls, typed here by what it
 * uses. They are imported at run time so the app wires whatever is installed and reports what is not.
 */

/** A generated domain instance, as far as the bench reads it. */
export interface BenchTask extends Dataset {
  readonly domain: string;
  readonly level: number;
  readonly seed: number;
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  readonly chance: number;
  readonly complexity?: number;
  readonly structure?: { readonly domain: string; render?(row: number, policy?: ArrayLike<number>): string };
}

/** Generates tasks: the tasks package, or a stand-in in tests. */
export interface TaskSource {
  readonly domains: readonly string[];
  /** One sentence per domain, when the source has them. */
  readonly descriptions?: Readonly<Record<string, string>>;
  generate(domain: string, level: number, seed: number): BenchTask;
  toCsv?(task: BenchTask, split: 'train' | 'test'): string;
}

/** What `analyzeCell` returns. */
export interface CellAnalysis {
  readonly metrics: Record<string, number | null>;
  readonly unavailable?: Record<string, string>;
  readonly families?: Record<string, number | null>;
  readonly index: number | null;
  readonly raw?: Record<string, unknown>;
  readonly cost?: CellCost;
}

/** Options the bench passes to `analyzeCell`. */
export interface AnalyzeOptions {
  readonly seed: number;
  readonly families?: readonly string[];
  readonly weights?: Record<string, number>;
  readonly maxExamples?: number;
}

/** The analysis package's entry points. */
export interface AnalysisApi {
  analyzeCell(substrate: Substrate, task: BenchTask, options: AnalyzeOptions): Promise<CellAnalysis>;
  summarize?(
    cells: readonly unknown[],
    options: { substrates: Record<string, { family: string; synchronous: boolean }>; seed: number },
  ): ResultsSummary;
}

/** The spiking simulator's self-check. */
export interface SpikingValidation {
  readonly stdp?: ReadonlyArray<{ dtMs: number; measured: number; expected: number }>;
  readonly [part: string]: unknown;
}

type Module = Record<string, unknown>;

async function importOptional(name: string): Promise<Module | undefined> {
  try {
    return (await import(name)) as Module;
  } catch {
    return undefined;
  }
}

/** The tasks package as a TaskSource; throws UNSUPPORTED when it is not installed or incomplete. */
export async function loadTaskSource(): Promise<TaskSource> {
  const mod = await importOptional('@scrutable/tasks');
  const generateTask = mod?.['generateTask'];
  const domains = mod?.['DOMAINS'];
  if (typeof generateTask !== 'function' || !Array.isArray(domains))
    throw new ScrutableError('UNSUPPORTED', '@scrutable/tasks does not export DOMAINS and generateTask');
  const toCsv = mod?.['taskToCsv'];
  // DOMAINS lists ids, or infos with an id and a description
  const infos = (domains as unknown[]).map((d) =>
    typeof d === 'string' ? { id: d, description: '' } : (d as { id: string; description?: string }),
  );
  return {
    domains: infos.map((d) => d.id),
    descriptions: Object.fromEntries(infos.map((d) => [d.id, d.description ?? ''])),
    generate: (domain, level, seed) => generateTask(domain, { level, seed }) as BenchTask,
    ...(typeof toCsv === 'function'
      ? { toCsv: (task: BenchTask, split: 'train' | 'test') => toCsv(task, split) as string }
      : {}),
  };
}

/** The analysis package, or undefined when it is not installed or has no analyzeCell yet. */
export async function loadAnalysis(): Promise<AnalysisApi | undefined> {
  const mod = await importOptional('@scrutable/analysis');
  if (typeof mod?.['analyzeCell'] !== 'function') return undefined;
  const summarize = mod['summarize'];
  return {
    analyzeCell: mod['analyzeCell'] as AnalysisApi['analyzeCell'],
    ...(typeof summarize === 'function'
      ? { summarize: summarize as NonNullable<AnalysisApi['summarize']> }
      : {}),
  };
}

/** `validateSpiking` of the spiking package, or undefined when absent. */
export async function loadSpikingValidation(): Promise<(() => Promise<SpikingValidation>) | undefined> {
  const fn = (await importOptional('@scrutable/substrate-spiking'))?.['validateSpiking'];
  return typeof fn === 'function' ? (fn as () => Promise<SpikingValidation>) : undefined;
}

/** True when `value` looks like a SubstrateFactory. */
export function isFactory(value: unknown): value is SubstrateFactory {
  const f = value as SubstrateFactory;
  return !!f && typeof f.id === 'string' && typeof f.create === 'function' && typeof f.load === 'function';
}
