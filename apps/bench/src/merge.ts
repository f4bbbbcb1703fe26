import { join } from 'node:path';
import { ScrutableError } from '@scrutable/core';
import type { ReportResults } from '@scrutable/report';
import { writeFileAtomic } from './atomic.js';
import { canonicalJson } from './cells.js';
import type { AnalysisApi } from './deps.js';
import { assembleResults, readResults, writeOutputs } from './outputs.js';
import type { BenchCellResult } from './run-cell.js';

/** A merge's results, and how many cells more than one input held (same id, kept once). */
export interface MergeOutcome {
  readonly results: ReportResults;
  readonly duplicates: number;
}

/**
 * The package versions of all parts. A package recorded with two versions (for a workspace package,
 * two builds of its code) means the parts were computed by different code: refused with BAD_CONFIG,
 * even when no cell is in both (then the cell ids cannot show it).
 */
function unitedPackages(parts: readonly ReportResults[], sources: readonly string[]): Record<string, string> {
  const packages: Record<string, string> = {};
  const where: Record<string, string> = {};
  for (const [i, p] of parts.entries()) {
    const source = sources[i] ?? `input ${i + 1}`;
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

/**
 * Merges the results.json of shard runs of one config into one results file: cells united (a cell
 * id in several inputs is the same cell run with the same config and code, kept once, a successful copy
 * over a failed one), summary and showcase
 * recomputed from the merged cells, package versions united, `createdAt` the latest of the parts.
 * Throws BAD_CONFIG when the parts ran different configs or different builds (a package with two
 * versions), or hold the same (substrate, task, level, seed) under different ids: different code, so
 * counting both would count that cell twice.
 * `sources` name the parts in errors (default: input 1, input 2, ...).
 */
export function mergeResults(
  parts: readonly ReportResults[],
  analysis: AnalysisApi | undefined,
  sources: readonly string[] = parts.map((_, i) => `input ${i + 1}`),
): MergeOutcome {
  const first = parts[0];
  if (!first) throw new ScrutableError('BAD_INPUT', 'merge needs at least one results folder');
  for (const p of parts) {
    if (canonicalJson(p.config) !== canonicalJson(first.config))
      throw new ScrutableError('BAD_CONFIG', 'cannot merge results of different configs');
  }
  const cells = new Map<string, BenchCellResult>();
  const idOf = new Map<string, { id: string; source: string }>();
  let duplicates = 0;
  for (const [i, p] of parts.entries()) {
    const source = sources[i] ?? `input ${i + 1}`;
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
  const packages = unitedPackages(parts, sources);
  const backends: Record<string, string> = Object.assign({}, ...parts.map((p) => p.environment.backends));
  const stdp = parts.find((p) => p.showcase?.stdp)?.showcase?.stdp;
  const notes: Record<string, string> = Object.assign({}, ...parts.map((p) => p.showcase?.notes ?? {}));
  if (stdp) delete notes['stdp'];
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
  });
  return { results, duplicates };
}

/**
 * Reads the shard folders, merges them and writes to `outDir` what a bench run writes: the merged
 * results, the report, and runs/<cell-id>.json per cell (so `bench --resume` there reuses them).
 * `prepareOut` runs once the inputs are read and merged, before anything is written, so a refused
 * merge leaves no output folder behind.
 */
export async function mergeDirs(
  dirs: readonly string[],
  outDir: string,
  analysis: AnalysisApi | undefined,
  prepareOut: () => void = () => {},
): Promise<MergeOutcome> {
  const merged = mergeResults(dirs.map(readResults), analysis, dirs);
  prepareOut();
  for (const cell of merged.results.cells)
    writeFileAtomic(join(outDir, 'runs', `${cell.id}.json`), JSON.stringify(cell));
  await writeOutputs(outDir, merged.results);
  return merged;
}
