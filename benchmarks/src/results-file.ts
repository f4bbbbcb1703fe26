import { existsSync, readFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@scrutable/bench';
import { ScrutableError } from '@scrutable/core';
import type { BenchRecord, BenchSize } from './harness.js';
import { median, relativeSpread } from './stats.js';

/** A record with its summary figures, as written to results/latest.json. */
export interface SummarisedRecord extends BenchRecord {
  median: number;
  relativeSpread: number;
  meetsTarget?: boolean;
}

/** The machine a suite was measured on. */
export interface MachineDescription {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  platform: string;
  node: string;
}

/** One suite's figures from one run, with where and how they were measured. */
export interface SuiteResult {
  suite: string;
  createdAt: string;
  size: BenchSize;
  repeats: number;
  machine: MachineDescription;
  /** Versions of the build tools (the root manifest's devDependencies). */
  tooling: Record<string, string>;
  records: SummarisedRecord[];
}

/**
 * results/latest.json: the latest figures of every suite. A run replaces the suites it ran and keeps
 * the others (as criterion keeps each benchmark's last measurement), so `--only` does not erase them,
 * and the file is rewritten after each suite, so an interrupted run keeps the suites it finished.
 */
export interface ResultsFile {
  updatedAt: string;
  suites: SuiteResult[];
}

/** Median, spread and target verdict of one record. */
export function summarise(record: BenchRecord): SummarisedRecord {
  const m = median(record.samples);
  const meetsTarget = record.target
    ? record.target.op === '>='
      ? m >= record.target.value
      : m <= record.target.value
    : undefined;
  return {
    ...record,
    median: m,
    relativeSpread: relativeSpread(record.samples),
    ...(meetsTarget === undefined ? {} : { meetsTarget }),
  };
}

/** A Markdown table of summarised records. */
export function markdownTable(records: readonly SummarisedRecord[]): string {
  const fmt = (v: number) =>
    Math.abs(v) >= 1000
      ? Math.round(v).toLocaleString('en-US')
      : Number.isInteger(v)
        ? String(v)
        : v.toPrecision(3);
  const lines = ['| benchmark | metric | median | spread | target |', '| --- | --- | ---: | ---: | --- |'];
  for (const r of records) {
    const target = r.target
      ? `${r.target.op} ${fmt(r.target.value)} ${r.meetsTarget ? 'met' : 'MISSED'}`
      : '';
    lines.push(
      `| ${r.benchmark} | ${r.metric} (${r.unit}) | ${fmt(r.median)} | ±${(100 * r.relativeSpread).toFixed(1)}% | ${target} |`,
    );
  }
  return lines.join('\n');
}

/** This machine, as a suite result records it. */
export function describeMachine(): MachineDescription {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGiB: +(freemem() / 2 ** 30).toFixed(1),
    platform: `${platform()} ${release()}`,
    node: process.version,
  };
}

/**
 * The results file in `dir`, undefined when there is none. Throws BAD_STATE when a file is there but
 * is not one: a run must not replace what it cannot read.
 */
export function readResultsFile(dir: string): ResultsFile | undefined {
  const path = join(dir, 'latest.json');
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw unreadable(path, (e as Error).message);
  }
  const suites = (parsed as Partial<ResultsFile> | null)?.suites;
  if (!Array.isArray(suites) || !suites.every(isSuiteResult))
    throw unreadable(path, 'it has no list of suite results');
  return parsed as ResultsFile;
}

function unreadable(path: string, why: string): ScrutableError {
  return new ScrutableError(
    'BAD_STATE',
    `${path} is not a benchmark results file (${why}); move it away or pass --out`,
  );
}

function isSuiteResult(value: unknown): value is SuiteResult {
  const s = value as Partial<SuiteResult> | null;
  return typeof s?.suite === 'string' && typeof s.createdAt === 'string' && Array.isArray(s.records);
}

/**
 * `file` with `result` in place of that suite's previous figures, suites in the order of `order` (the
 * suites that exist: figures of a suite no longer defined are dropped).
 */
export function withSuite(
  file: ResultsFile | undefined,
  result: SuiteResult,
  order: readonly string[],
): ResultsFile {
  const bySuite = new Map((file?.suites ?? []).map((s) => [s.suite, s]));
  bySuite.set(result.suite, result);
  return {
    updatedAt: result.createdAt,
    suites: order.flatMap((name) => {
      const s = bySuite.get(name);
      return s ? [s] : [];
    }),
  };
}

/** latest.md: when and where each suite was measured, then every figure. */
export function resultsMarkdown(file: ResultsFile): string {
  const provenance = [
    '| suite | measured | machine | Node | size | repeats |',
    '| --- | --- | --- | --- | --- | ---: |',
    ...file.suites.map(
      (s) =>
        `| ${s.suite} | ${s.createdAt} | ${s.machine.cpus} × ${s.machine.cpuModel} | ${s.machine.node} | ${s.size} | ${s.repeats} |`,
    ),
  ].join('\n');
  const table = markdownTable(file.suites.flatMap((s) => s.records));
  return `# Latest benchmark figures\n\n${provenance}\n\n${table}\n`;
}

/** Writes latest.json and latest.md in `dir`, each atomically. */
export function writeResultsFile(dir: string, file: ResultsFile): void {
  writeFileAtomic(join(dir, 'latest.json'), `${JSON.stringify(file, null, 2)}\n`);
  writeFileAtomic(join(dir, 'latest.md'), resultsMarkdown(file));
}
