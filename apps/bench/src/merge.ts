import { ScrutableError } from '@scrutable/core';
import type { ReportResults } from '@scrutable/report';
import { canonicalJson } from './cells.js';
import type { AnalysisApi } from './deps.js';
import { assembleResults, readResults, writeOutputs } from './outputs.js';
import type { BenchCellResult } from './run-cell.js';

/**
 * Merges the results.json of shard runs of one config into one results file: cells united (a cell
 * in several shards is kept once, preferring an ok result), summary and showcase recomputed from the
 * merged cells, package versions united, `createdAt` the latest of the parts.
 * Throws BAD_CONFIG when the parts ran different configs.
 */
export function mergeResults(
  parts: readonly ReportResults[],
  analysis: AnalysisApi | undefined,
): ReportResults {
  const first = parts[0];
  if (!first) throw new ScrutableError('BAD_INPUT', 'merge needs at least one results folder');
  for (const p of parts) {
    if (canonicalJson(p.config) !== canonicalJson(first.config))
      throw new ScrutableError('BAD_CONFIG', 'cannot merge results of different configs');
  }
  const cells = new Map<string, BenchCellResult>();
  for (const p of parts)
    for (const c of p.cells) if (!cells.has(c.id) || c.status === 'ok') cells.set(c.id, c);
  const packages: Record<string, string> = {};
  const backends: Record<string, string> = {};
  for (const p of parts) {
    Object.assign(packages, p.environment.packages);
    Object.assign(backends, p.environment.backends);
  }
  const stdp = parts.find((p) => p.showcase?.stdp)?.showcase?.stdp;
  const notes: Record<string, string> = Object.assign({}, ...parts.map((p) => p.showcase?.notes ?? {}));
  if (stdp) delete notes['stdp'];
  return assembleResults({
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
}

/** Reads the shard folders, merges them and writes the merged results and report to `outDir`. */
export async function mergeDirs(
  dirs: readonly string[],
  outDir: string,
  analysis: AnalysisApi | undefined,
): Promise<ReportResults> {
  const merged = mergeResults(dirs.map(readResults), analysis);
  await writeOutputs(outDir, merged);
  return merged;
}
