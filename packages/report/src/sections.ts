import { formatCi, formatMs, formatNumber } from './format.js';
import type { ReportResults } from './tables.js';
import { familiesIn, familyGrid, timingsBySubstrate } from './tables.js';

/** A table as plain strings (cells are unescaped; each renderer escapes for its format). */
export interface Table {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** The claims: verdict with its effect, CI and evidence. */
export function verdictTable(results: ReportResults): Table {
  return {
    header: ['claim', 'statement', 'verdict', 'effect', '95% CI', 'evidence'],
    rows: results.summary.claims.map((c) => [
      c.id,
      c.statement,
      c.verdict,
      formatNumber(c.effect),
      formatCi(c.ci),
      c.evidence,
    ]),
  };
}

/** Index per substrate with CI, capability and family scores. */
export function substrateTable(results: ReportResults): Table {
  const families = [
    ...new Set(results.summary.substrates.flatMap((s) => Object.keys(s.families ?? {}))),
  ].sort();
  return {
    header: ['substrate', 'index', '95% CI', 'test accuracy', ...families],
    rows: results.summary.substrates.map((s) => [
      s.substrate,
      formatNumber(s.index),
      formatCi(s.ci),
      formatNumber(s.capability),
      ...families.map((f) => formatNumber(s.families?.[f])),
    ]),
  };
}

/** Shares of the index variance. */
export function varianceTable(results: ReportResults): Table | null {
  const v = results.summary.varianceDecomposition;
  if (!v) return null;
  return {
    header: ['source', 'share of variance'],
    rows: (['domain', 'substrate', 'interaction', 'residual'] as const).map((k) => [k, formatNumber(v[k])]),
  };
}

/** The sanity checks on the controls. */
export function sanityTable(results: ReportResults): Table | null {
  const sanity = results.summary.sanity;
  if (!sanity?.length) return null;
  return {
    header: ['control', 'family', 'expected', 'observed', 'result'],
    rows: sanity.map((s) => [
      s.control,
      s.family,
      s.expected,
      formatNumber(s.observed),
      s.pass ? 'pass' : 'FAIL',
    ]),
  };
}

/** One substrate × domain table of a family's mean score. */
export function familyTable(results: ReportResults, family: string): Table | null {
  const grid = familyGrid(results, family);
  if (!grid.length) return null;
  const tasks = [...new Set(grid.map((g) => g.task))].sort();
  const substrates = [...new Set(grid.map((g) => g.substrate))].sort();
  return {
    header: ['substrate', ...tasks],
    rows: substrates.map((s) => [
      s,
      ...tasks.map((t) => formatNumber(grid.find((g) => g.substrate === s && g.task === t)?.score)),
    ]),
  };
}

/** The families with at least one score. */
export function reportedFamilies(results: ReportResults): string[] {
  return familiesIn(results).filter((f) => familyGrid(results, f).length > 0);
}

/** Cells, failures and wall time per substrate. */
export function timingTable(results: ReportResults): Table {
  return {
    header: ['substrate', 'backend', 'cells', 'failed', 'fit time', 'analysis time'],
    rows: timingsBySubstrate(results).map((t) => [
      t.substrate,
      results.environment.backends?.[t.substrate] ?? '—',
      String(t.cells),
      String(t.failed),
      formatMs(t.fitMs),
      formatMs(t.analysisMs),
    ]),
  };
}

/** Package versions. */
export function versionTable(results: ReportResults): Table {
  return {
    header: ['package', 'version'],
    rows: Object.entries(results.environment.packages)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, version]) => [name, version]),
  };
}

/** Failed cells with their errors. */
export function failureTable(results: ReportResults): Table | null {
  const failed = results.cells.filter((c) => c.status === 'failed');
  if (!failed.length) return null;
  return {
    header: ['substrate', 'task', 'level', 'seed', 'error'],
    rows: failed.map((c) => [c.substrate, c.task, String(c.level), String(c.seed), c.error ?? '']),
  };
}

/** The run's scope in one line. */
export function scopeLine(results: ReportResults): string {
  const ok = results.cells.filter((c) => c.status === 'ok').length;
  const failed = results.cells.filter((c) => c.status === 'failed').length;
  return `suite ${results.suite}: ${results.cells.length} cells (${ok} ok, ${failed} failed), Node ${results.environment.node} on ${results.environment.platform} with ${results.environment.cpus} CPUs, results created ${results.createdAt}`;
}
