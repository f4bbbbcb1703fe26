import { join } from 'node:path';
import { ScrutableError } from '@scrutable/core';
import { writeCellFile } from './cell-file.js';
import { canonicalJson } from './cells.js';
import type { AnalysisApi } from './deps.js';
import { NOT_REPORTED } from './environment.js';
import { assembleResults, type BenchResults, type RunRecord, readResults, writeOutputs } from './outputs.js';
import type { BenchCellResult } from './run-cell.js';

/** A merge's results, and how many cells more than one input held (same id, kept once). */
export interface MergeOutcome {
  readonly results: BenchResults;
  readonly duplicates: number;
}

/**
 * The package versions of all parts. A package recorded with two versions (for a workspace package,
 * two builds of its code) means the parts were computed by different code: refused with BAD_CONFIG,
 * even when no cell is in both (then the cell ids cannot show it).
 */
function unitedPackages(parts: readonly BenchResults[], sources: readonly string[]): Record<string, string> {
  const packages: Record<string, string> = {};
  const where: Record<string, string> = {};
  for (const [i, p] of parts.entries()) {
    const source = sources[i]!;
    for (const [name, version] of Object.entries(p.environment.packages)) {
      const seen = packages[name];
      if (seen !== undefined && seen !== version)
        throw new ScrutableError(
          'BAD_CONFIG',
          `cannot merge: ${name} is ${seen} in ${where[name]} but ${version} in ${source} (different builds)`,
        );
      packages[name] = version;
      where[name] ??= source;
    }
  }
  return packages;
}

/** BAD_CONFIG naming the first config field that differs between two parts, and both parts. */
function checkSameConfig(parts: readonly BenchResults[], sources: readonly string[]): void {
  const first = parts[0]!.config;
  for (const [i, p] of parts.entries()) {
    const keys = [...new Set([...Object.keys(first), ...Object.keys(p.config)])].sort();
    const differing = keys.filter((k) => canonicalJson(first[k]) !== canonicalJson(p.config[k]));
    if (differing.length)
      throw new ScrutableError(
        'BAD_CONFIG',
        `cannot merge results of different configs: ${differing.map((k) => `'${k}'`).join(', ')} differ between ${sources[0]} and ${sources[i]}`,
      );
  }
}

/**
 * What the parts cover of the suite. A full run covers it; shards must all be of one count N, none
 * twice, and all N present. Anything less is refused with BAD_CONFIG unless `partial` is asked for,
 * and then recorded as partial, which the report shows.
 */
function coverage(parts: readonly BenchResults[], sources: readonly string[], partial: boolean): RunRecord {
  const refuse = (why: string): never => {
    throw new ScrutableError(
      'BAD_CONFIG',
      `cannot merge: ${why} (merge --partial joins them anyway, marked partial)`,
    );
  };
  const runs = parts.map((p, i) => {
    if (!p.run) return refuse(`${sources[i]} records no shard or suite size (written by an older bench)`);
    return p.run;
  });
  const suiteCells = runs[0]?.suiteCells ?? 0;
  const shards = runs.flatMap((r) => r.shards ?? (r.shard ? [r.shard] : []));
  const full = runs.some((r) => !r.shard && !r.shards && !r.partial);
  const record = (complete: boolean): RunRecord => ({
    suiteCells,
    ...(shards.length ? { shards: [...shards].sort((a, b) => a.count - b.count || a.index - b.index) } : {}),
    ...(complete ? {} : { partial: true }),
  });
  if (full) return record(true);
  const problems: string[] = [];
  const counts = [...new Set(shards.map((s) => s.count))];
  if (counts.length > 1)
    problems.push(`shards of different counts (${counts.map((n) => `/${n}`).join(', ')})`);
  const seen = new Map<string, string>();
  for (const [i, r] of runs.entries())
    for (const s of r.shards ?? (r.shard ? [r.shard] : [])) {
      const key = `${s.index}/${s.count}`;
      const where = seen.get(key);
      if (where) problems.push(`shard ${key} is in both ${where} and ${sources[i]}`);
      seen.set(key, sources[i]!);
    }
  if (counts.length === 1) {
    const n = counts[0]!;
    const missing = Array.from({ length: n }, (_, k) => `${k + 1}/${n}`).filter((k) => !seen.has(k));
    if (missing.length) problems.push(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`);
  }
  if (runs.some((r) => r.partial)) problems.push('an input is itself a partial merge');
  if (!problems.length) return record(true);
  if (!partial) refuse(problems.join('; '));
  return record(false);
}

/**
 * Merges the results.json of shard runs of one config into one results file: cells united (a cell
 * id in several inputs is the same cell run with the same config and code, kept once, a successful copy
 * over a failed one), summary and showcase recomputed from the merged cells, package versions united,
 * `createdAt` the latest of the parts. Throws BAD_CONFIG when the parts ran different configs or
 * different builds (a package with two versions), hold the same (substrate, task, level, seed) under
 * different ids (different code, so counting both would count that cell twice), or do not cover the
 * suite exactly once (see `coverage`; `partial` merges them anyway).
 * `sources` name the parts in errors (default: input 1, input 2, ...).
 */
export function mergeResults(
  parts: readonly BenchResults[],
  analysis: AnalysisApi | undefined,
  sources: readonly string[] = parts.map((_, i) => `input ${i + 1}`),
  options: { partial?: boolean } = {},
): MergeOutcome {
  const first = parts[0];
  if (!first) throw new ScrutableError('BAD_INPUT', 'merge needs at least one results folder');
  checkSameConfig(parts, sources);
  const run = coverage(parts, sources, !!options.partial);
  const cells = new Map<string, BenchCellResult>();
  const idOf = new Map<string, { id: string; source: string }>();
  let duplicates = 0;
  for (const [i, p] of parts.entries()) {
    const source = sources[i]!;
    for (const c of p.cells) {
      const cell = `${c.substrate} ${c.task} L${c.level} s${c.seed}`;
      const seen = idOf.get(cell);
      if (seen && seen.id !== c.id)
        throw new ScrutableError(
          'BAD_CONFIG',
          `cannot merge: cell '${cell}' is ${seen.id} in ${seen.source} but ${c.id} in ${source} (different code versions)`,
        );
      idOf.set(cell, { id: c.id, source });
      if (cells.has(c.id)) duplicates++;
      if (!cells.has(c.id) || c.status === 'ok') cells.set(c.id, c);
    }
  }
  if (!run.partial && cells.size !== run.suiteCells)
    throw new ScrutableError(
      'BAD_CONFIG',
      `cannot merge: the inputs hold ${cells.size} cells of a suite of ${run.suiteCells} (merge --partial joins them anyway)`,
    );
  const packages = unitedPackages(parts, sources);
  // a shard that ran none of a substrate's cells records its backend as not reported: another shard's wins
  const backends: Record<string, string> = {};
  for (const p of parts)
    for (const [id, backend] of Object.entries(p.environment.backends ?? {}))
      if (backends[id] === undefined || backends[id] === NOT_REPORTED) backends[id] = backend;
  const stdp = parts.find((p) => p.showcase?.stdp)?.showcase?.stdp;
  const notes: Record<string, string> = Object.assign({}, ...parts.map((p) => p.showcase?.notes ?? {}));
  if (stdp) delete notes['stdp'];
  const selfChecks = Object.assign({}, ...parts.map((p) => p.selfChecks ?? {}));
  const results = assembleResults({
    suite: first.suite,
    createdAt: parts
      .map((p) => p.createdAt)
      .sort()
      .at(-1)!,
    environment: { ...first.environment, packages, backends },
    config: first.config,
    cells: [...cells.values()],
    substrateInfo: Object.assign({}, ...parts.map((p) => p.substrateInfo ?? {})),
    analysis,
    ...(stdp ? { stdp } : {}),
    notes,
    run,
    ...(Object.keys(selfChecks).length ? { selfChecks } : {}),
  });
  return { results, duplicates };
}

/**
 * Reads the shard folders, merges them and writes to `outDir` what a bench run writes: the merged
 * results, the report, and runs/<cell-id>.json per cell (so `bench --resume` there reuses them).
 * `prepareOut` runs once the inputs are read and merged, before anything is written, so a refused
 * merge leaves no output folder behind; it returns the release of the output folder's lock.
 */
export async function mergeDirs(
  dirs: readonly string[],
  outDir: string,
  analysis: AnalysisApi | undefined,
  options: { partial?: boolean; prepareOut?: () => () => void } = {},
): Promise<MergeOutcome> {
  const merged = mergeResults(dirs.map(readResults), analysis, dirs, options);
  const release = options.prepareOut?.() ?? (() => {});
  try {
    for (const cell of merged.results.cells) writeCellFile(join(outDir, 'runs', `${cell.id}.json`), cell);
    await writeOutputs(outDir, merged.results);
  } finally {
    release();
  }
  return merged;
}
