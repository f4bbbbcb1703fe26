import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CellResult, type ResultsFile, type ResultsSummary, ScrutableError } from '@scrutable/core';
import {
  type ReportResults,
  renderCsv,
  renderHtml,
  renderMarkdown,
  type Showcase,
  type SubstrateDescription,
} from '@scrutable/report';
import { writeFileAtomic } from './atomic.js';
import { compareCells } from './cells.js';
import type { AnalysisApi } from './deps.js';
import { checkResults } from './results-schema.js';
import type { BenchCellResult } from './run-cell.js';
import type { SelfCheckReport } from './self-checks.js';
import { gatherShowcase } from './showcase.js';

/** How a results file was produced: the shard a run computed, or the shards a merge joined. */
export interface RunRecord {
  /** Cells of the whole suite, all shards. */
  readonly suiteCells: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly shards?: readonly { readonly index: number; readonly count: number }[];
  /** A merge of shards that do not cover the suite, asked for with --partial. */
  readonly partial?: boolean;
}

/** results.json as the bench writes it: the report's view plus the run record and self-checks. */
export type BenchResults = Omit<ReportResults, 'run' | 'selfChecks'> & {
  run?: RunRecord;
  selfChecks?: Record<string, SelfCheckReport>;
};

/** Everything the results file is assembled from. */
export interface ResultsParts {
  readonly suite: string;
  readonly createdAt: string;
  readonly environment: ResultsFile['environment'];
  readonly config: Record<string, unknown>;
  readonly cells: readonly BenchCellResult[];
  readonly substrateInfo: Record<string, SubstrateDescription>;
  readonly analysis: AnalysisApi | undefined;
  readonly stdp?: Showcase['stdp'];
  readonly notes?: Record<string, string>;
  readonly run?: RunRecord;
  readonly selfChecks?: Record<string, SelfCheckReport>;
}

/** The index's family weights of a resolved config (`analysis.weights`), if it sets any. */
function indexWeights(config: Record<string, unknown>): Record<string, number> | undefined {
  const analysis = config['analysis'] as { weights?: Record<string, number> } | undefined;
  return analysis?.weights;
}

/** Seed of the summary's bootstrap resampling (fixed, so a report is reproducible from its cells). */
const SUMMARY_SEED = 0;

function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** A summary without statistics, used only when the analysis package has no `summarize`. */
export function descriptiveSummary(cells: readonly CellResult[], reason: string): ResultsSummary {
  const ids = [...new Set(cells.map((c) => c.substrate))].sort();
  const ok = cells.filter((c) => c.status === 'ok');
  const claims = [
    [
      '1a',
      'Synchronous (dense) substrates are more interpretable than asynchronous spiking ones at matched capability.',
    ],
    ['1b', 'Domain complexity explains more of the interpretability index than the substrate does.'],
    [
      'symbolic-scaling',
      'The symbolic baseline loses capability faster than connectionist substrates as level grows.',
    ],
  ] as const;
  return {
    substrates: ids.map((substrate) => {
      const mine = ok.filter((c) => c.substrate === substrate);
      return {
        substrate,
        index: mean(mine.flatMap((c) => (typeof c.index === 'number' ? [c.index] : []))),
        ci: [null, null],
        capability: mean(mine.flatMap((c) => (c.capability ? [c.capability.test] : []))),
      };
    }),
    claims: claims.map(([id, statement]) => ({ id, statement, verdict: 'inconclusive', evidence: reason })),
  };
}

/** results.json `summary`: the analysis package's statistics over the cells. */
export function summarizeCells(
  cells: readonly CellResult[],
  substrateInfo: Record<string, SubstrateDescription>,
  analysis: AnalysisApi | undefined,
  weights?: Record<string, number>,
): ResultsSummary {
  if (!analysis?.summarize)
    return descriptiveSummary(cells, 'No statistics: the analysis package does not provide summarize().');
  const substrates = Object.fromEntries(
    Object.entries(substrateInfo).map(([id, d]) => [
      id,
      {
        family: d.family,
        synchronous: d.synchronous,
        ...(d.control ? { control: d.control } : {}),
        ...(d.derivedFrom ? { derivedFrom: d.derivedFrom } : {}),
        ...(d.ladderOf ? { ladderOf: d.ladderOf } : {}),
      },
    ]),
  );
  try {
    return analysis.summarize(cells, { substrates, seed: SUMMARY_SEED, ...(weights ? { weights } : {}) });
  } catch (e) {
    return descriptiveSummary(cells, `No statistics: summarize() failed (${(e as Error).message}).`);
  }
}

/**
 * The whole results file: cells (each keeping the showcase figures it collected, so merging shards
 * gathers the same showcase as one run), summary, environment, and the showcase gathered from the cells.
 */
export function assembleResults(parts: ResultsParts): BenchResults {
  const cells = [...parts.cells].sort(compareCells);
  const showcase: Showcase = { ...gatherShowcase(cells), ...(parts.stdp ? { stdp: parts.stdp } : {}) };
  if (parts.notes && Object.keys(parts.notes).length) showcase.notes = parts.notes;
  return {
    schemaVersion: 1,
    suite: parts.suite,
    createdAt: parts.createdAt,
    environment: parts.environment,
    config: parts.config,
    cells,
    summary: summarizeCells(cells, parts.substrateInfo, parts.analysis, indexWeights(parts.config)),
    showcase,
    substrateInfo: parts.substrateInfo,
    ...(parts.run ? { run: parts.run } : {}),
    ...(parts.selfChecks ? { selfChecks: parts.selfChecks } : {}),
  };
}

/** Writes results.json and the files rendered from it. */
export async function writeOutputs(dir: string, results: ReportResults): Promise<void> {
  writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeReport(dir, results);
}

/** Writes results.csv, report.md and index.html from results (deterministic: nothing but the results). */
export async function writeReport(dir: string, results: ResultsFile): Promise<void> {
  writeFileAtomic(join(dir, 'results.csv'), renderCsv(results));
  writeFileAtomic(join(dir, 'report.md'), renderMarkdown(results));
  writeFileAtomic(join(dir, 'index.html'), await renderHtml(results));
}

/** Reads DIR/results.json and checks it against the results schema; BAD_INPUT naming the file otherwise. */
export function readResults(dir: string): BenchResults {
  const file = join(dir, 'results.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ScrutableError('BAD_INPUT', `cannot read ${file}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScrutableError('BAD_INPUT', `${file} is not valid JSON: ${(e as Error).message}`);
  }
  return checkResults(json, file) as BenchResults;
}
