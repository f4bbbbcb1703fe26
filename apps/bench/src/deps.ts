import {
  type AnalyzeOptions as AnalyzeCellOptions,
  analyzeCell,
  type CellFigures,
  FAMILIES,
  summarize,
} from '@scrutable/analysis';
import type {
  CellCost,
  CellResult,
  Dataset,
  LabelledSplit,
  ReadingCostEntry,
  ResultsSummary,
  Substrate,
} from '@scrutable/core';
import { type CsvSplit, DOMAINS, generateTask, type TaskInstance, taskToCsv } from '@scrutable/tasks';
import { isFileTask, readFileTask } from './task-file.js';

/**
 * The parts of the tasks and analysis packages the bench app calls, behind small interfaces
 * so the runner's tests can pass stand-ins (e.g. a task source with a throwing domain).
 */

/** A generated domain instance, as far as the bench reads it. */
export interface BenchTask extends Dataset {
  readonly domain: string;
  readonly level: number;
  readonly seed: number;
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  readonly chance: number;
  /** Test accuracy of a ridge readout of the raw inputs, when the source measures it. */
  readonly linear?: number;
  /** The linear baseline reaches chance + 0.8 · (1 − chance). */
  readonly trivial?: boolean;
  readonly complexity?: number;
  readonly structure?: { readonly domain: string; render?(row: number, policy?: ArrayLike<number>): string };
}

/** Generates tasks: the tasks package, or a stand-in in tests. */
export interface TaskSource {
  readonly domains: readonly string[];
  /** One sentence per domain, when the source has them. */
  readonly descriptions?: Readonly<Record<string, string>>;
  generate(domain: string, level: number, seed: number): BenchTask;
  toCsv?(task: BenchTask, split: CsvSplit): string;
}

/** A task level's baselines, as a cell's `capability` and `tasks list` record them. */
export function taskBaselines(task: BenchTask): {
  level: number;
  chance: number;
  linear?: number;
  trivial?: boolean;
} {
  const { linear, trivial } = task;
  return {
    level: task.level,
    chance: task.chance,
    ...(linear !== undefined ? { linear } : {}),
    ...(trivial !== undefined ? { trivial } : {}),
  };
}

/** What `analyzeCell` returns. */
export interface CellAnalysis {
  readonly metrics: Record<string, number | null>;
  readonly unavailable?: Record<string, string>;
  readonly families?: Record<string, number | null>;
  readonly index: number | null;
  readonly raw?: Record<string, unknown>;
  readonly cost?: CellCost;
  /** Metric id -> why an applicable metric found nothing (it scores 0). */
  readonly nothingFound?: Record<string, string>;
  /** The reading-cost axis (see docs/metrics.md). */
  readonly readingCost?: ReadingCostEntry[];
  /** Figures drawn from the analyses that scored the cell. */
  readonly figures?: CellFigures;
}

/** Options the bench passes to `analyzeCell`. */
export interface AnalyzeOptions {
  readonly seed: number;
  readonly families?: readonly string[];
  readonly weights?: Record<string, number>;
  readonly maxExamples?: number;
  /** The same architecture untrained (zero epochs), which decode's gain is measured against. */
  readonly untrained?: Substrate;
  /** Also draw the cell's figures. */
  readonly figures?: boolean;
  /** Called after each family. */
  readonly onProgress?: () => void;
}

/** The analysis package's entry points. */
export interface AnalysisApi {
  /** The analysis families, i.e. the valid `families` and `weights` keys. */
  readonly families?: readonly string[];
  analyzeCell(substrate: Substrate, task: BenchTask, options: AnalyzeOptions): Promise<CellAnalysis>;
  summarize?(
    cells: readonly unknown[],
    options: {
      substrates: Record<string, { family: string; synchronous: boolean; ladderOf?: string }>;
      seed: number;
      weights?: Record<string, number>;
    },
  ): ResultsSummary;
}

/** The tasks package as a TaskSource (tests pass stand-ins through the same interface). */
export async function loadTaskSource(): Promise<TaskSource> {
  return {
    domains: DOMAINS.map((d) => d.id),
    descriptions: Object.fromEntries(DOMAINS.map((d) => [d.id, d.description])),
    generate: (domain, level, seed) =>
      isFileTask(domain) ? readFileTask(domain, seed) : generateTask(domain, { level, seed }),
    toCsv: (task, split) => taskToCsv(task as TaskInstance, split),
  };
}

/** The analysis package's entry points. */
export async function loadAnalysis(): Promise<AnalysisApi | undefined> {
  return {
    families: FAMILIES,
    analyzeCell: (substrate, task, options) =>
      analyzeCell(substrate, task as TaskInstance, options as AnalyzeCellOptions),
    summarize: (cells, options) => summarize(cells as CellResult[], options),
  };
}
