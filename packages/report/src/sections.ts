import { formatCi, formatMs, formatNumber } from './format.js';
import { type CellGap, GapNotes, isValue, nullMetricReasons } from './missing.js';
import type { ReportResults } from './tables.js';
import {
  distinct,
  familiesIn,
  familyGrid,
  familyScore,
  mean,
  okCells,
  timingsBySubstrate,
} from './tables.js';

/** A table as plain strings (cells are unescaped; each renderer escapes for its format). */
export interface Table {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Per row and column, why the cell has no value or a mean over fewer runs (parallel to `rows`). */
  readonly gaps?: ReadonlyArray<ReadonlyArray<CellGap | undefined>>;
  /** The notes the gaps point to, in number order (note 1 first). */
  readonly notes?: readonly string[];
}

/** The claims: verdict with its effect, CI, half-width, what it rests on and the evidence. */
export function verdictTable(results: ReportResults): Table {
  return {
    header: [
      'claim',
      'statement',
      'verdict',
      'qualifier',
      'effect',
      '95% CI',
      'half-width',
      'tasks',
      'matched cells',
      'evidence',
    ],
    rows: results.summary.claims.map((c) => [
      c.id,
      c.statement,
      c.verdict,
      c.qualifier ?? '',
      formatNumber(c.effect),
      formatCi(c.ci),
      formatNumber(c.halfWidth),
      String(c.tasks?.length ?? '—'),
      String(c.matchedCells?.length ?? '—'),
      c.evidence,
    ]),
  };
}

/** The decision rule in one sentence, stated with the verdicts. */
export function ruleLine(smallestEffect: number, maxHalfWidth: number, level: number): string {
  const p = `${Math.round(level * 100)}%`;
  return `Each verdict was fixed before any data: supported when the ${p} CI lies above 0, contradicted when below 0, negligible when it lies inside ±${smallestEffect} (the smallest effect of interest; two one-sided tests), inconclusive otherwise, and underpowered when the CI's half-width exceeds ${maxHalfWidth}.`;
}

/** Index per substrate with CI, capability and family scores; a family without a score says why. */
export function substrateTable(results: ReportResults): Table {
  const families = [
    ...new Set(results.summary.substrates.flatMap((s) => Object.keys(s.families ?? {}))),
  ].sort();
  const fixed = ['substrate', 'index', '95% CI', 'test accuracy'];
  const runs = okCells(results);
  const notes = new GapNotes();
  const gaps = results.summary.substrates.map((s) => {
    const own = runs.filter((c) => c.substrate === s.substrate);
    const ciGap = s.ciNote ? notes.stated(s.substrate, '95% CI', s.ciNote) : undefined;
    return [
      ...fixed.map((column) => (column === '95% CI' ? ciGap : undefined)),
      ...families.map((f) => notes.cell(s.substrate, f, own, isValue(s.families?.[f]), f)),
    ];
  });
  return {
    header: [...fixed, ...families],
    rows: results.summary.substrates.map((s) => [
      s.substrate,
      formatNumber(s.index),
      formatCi(s.ci),
      formatNumber(s.capability),
      ...families.map((f) => formatNumber(s.families?.[f])),
    ]),
    gaps,
    notes: notes.lines(),
  };
}

/** The sentence above the per-substrate index. */
export const INDEX_LEAD =
  "A substrate's index is its mean over its runs, each run's index taken over only the families that every compared substrate scored on that domain level (listed below the table), so that substrates are compared like for like; the variance decomposition and claim 1b use the same index. A family that only some substrates can run, such as a rank-one edit, is left out of it there; its scores are in the family columns and sections.";

/** The sentence above the index-by-level chart, whose points are each run's own index. */
export const INDEX_BY_LEVEL_LEAD =
  "Each run's own index, over whichever families it scored, averaged per substrate and level over domains and seeds (controls included).";

/** Per domain level, the families the comparable index is taken over and those left out. */
export function indexFamiliesTable(results: ReportResults): Table | null {
  const families = Object.entries(results.summary.indexFamilies ?? {});
  if (!families.length) return null;
  const byName = ([a]: [string, unknown], [b]: [string, unknown]) =>
    a.localeCompare(b, 'en', { numeric: true });
  return {
    header: ['domain level', 'families in the index', 'left out (not every substrate scored them)'],
    rows: families
      .sort(byName)
      .map(([domain, f]) => [
        domain,
        f.used.join(', ') || 'none: this domain level is left out',
        f.leftOut.join(', ') || 'none',
      ]),
  };
}

/** The sentence above the variance decomposition. */
export const VARIANCE_LEAD =
  'How the index varies over domain levels and structures (dense and dense-brain pooled as one, symbolic left out). These shares depend on the grid, on which levels and structures were run, so they describe this run and decide no claim; claim 1b is decided by the complexity drop against the structure contrasts.';

/** The sentence above the reading cost. */
export const COST_OF_ASYNCHRONY_LEAD =
  'What the spiking network converted from the dense one must spend to read each family to 90% of its asymptote, in simulated ms and synaptic events, against one pass of the dense network; medians over tasks with 95% CIs over tasks.';

/** Shares of the index variance. */
export function varianceTable(results: ReportResults): Table | null {
  const v = results.summary.varianceDecomposition;
  if (!v) return null;
  const w = results.summary.varianceOmegaSquared;
  const omega = (k: 'domain' | 'substrate' | 'interaction' | 'residual') =>
    k === 'residual' ? '' : formatNumber(w?.[k] ?? null);
  const sources = ['domain', 'substrate', 'interaction', 'residual'] as const;
  return {
    header: ['source', 'share of variance', 'ω² (corrected for chance, as claim 1b compares)'],
    rows: sources.map((k) => [k, formatNumber(v[k]), omega(k)]),
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

/**
 * One substrate × domain table of a family's mean score over the successful runs, every substrate and
 * domain of the run included: a cell without a score, or with a mean that leaves runs out, says why.
 */
export function familyTable(results: ReportResults, family: string): Table | null {
  if (!familyGrid(results, family).length) return null;
  const runs = okCells(results);
  const tasks = distinct(runs.map((c) => c.task));
  const notes = new GapNotes();
  const lines = distinct(runs.map((c) => c.substrate)).map((substrate) => ({
    substrate,
    cells: tasks.map((task) => {
      const own = runs.filter((c) => c.substrate === substrate && c.task === task);
      const score = mean(own.map((c) => familyScore(c, family)));
      return { score, gap: notes.cell(substrate, family, own, score !== null) };
    }),
  }));
  return {
    header: ['substrate', ...tasks],
    rows: lines.map((l) => [l.substrate, ...l.cells.map((c) => formatNumber(c.score))]),
    gaps: lines.map((l) => [undefined, ...l.cells.map((c) => c.gap)]),
    notes: notes.lines(),
  };
}

/** The sentence above the missing-values table. */
export const MISSING_VALUES_LEAD =
  'A metric that a substrate or a domain cannot support is left empty with the reason the analysis gave, never a made-up number. Every such reason in this run, with the metrics it empties and the successful runs it covers (in all, then per substrate):';

/** Every reason a metric has no value, with the metrics and the runs (per substrate) it covers. */
export function missingValuesTable(results: ReportResults): Table | null {
  const reasons = nullMetricReasons(results.cells);
  if (!reasons.length) return null;
  return {
    header: ['metrics', 'reason', 'runs'],
    rows: reasons.map((r) => [
      r.metrics.join(', '),
      r.reason,
      `${r.runs}: ${r.runsBySubstrate.map(([substrate, n]) => `${substrate} ${n}`).join(', ')}`,
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

/** The substrates' self-checks (their science against independent expectations), one row per check. */
export function selfCheckTable(results: ReportResults): Table | null {
  const rows = Object.entries(results.selfChecks ?? {}).flatMap(([substrate, report]) => [
    ...report.checks.map((c) => [
      substrate,
      c.name,
      c.passed ? 'pass' : 'FAIL',
      JSON.stringify(c.observed) ?? '',
      JSON.stringify(c.expected) ?? '',
    ]),
    ...(report.error ? [[substrate, '(could not run)', 'FAIL', report.error, '']] : []),
  ]);
  return rows.length ? { header: ['substrate', 'check', 'result', 'observed', 'expected'], rows } : null;
}

/** The run's scope in one line; a partial merge says how many of the suite's cells it holds. */
export function scopeLine(results: ReportResults): string {
  const ok = results.cells.filter((c) => c.status === 'ok').length;
  const failed = results.cells.filter((c) => c.status === 'failed').length;
  const partial = results.run?.partial
    ? `PARTIAL: a merge of shards holding ${results.cells.length} of the suite's ${results.run.suiteCells ?? '?'} cells; `
    : '';
  return `${partial}suite ${results.suite}: ${results.cells.length} cells (${ok} ok, ${failed} failed), Node ${results.environment.node} on ${results.environment.platform} with ${results.environment.cpus} CPUs, results created ${results.createdAt}`;
}
