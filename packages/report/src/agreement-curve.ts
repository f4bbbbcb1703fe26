import type { ChartSpec } from './charts.js';
import type { Table } from './sections.js';

/** One point of a converted network's agreement with its source, read over a window of simulated ms. */
export interface AgreementCurvePoint {
  /** Substrate id and the check's domain level, e.g. `spiking-converted: boolean L1`. */
  readonly series: string;
  readonly windowMs: number;
  readonly agreement: number;
}

/** The part of results.json this section reads: the self-checks the bench ran (`selfChecks`). */
interface SelfChecksView {
  readonly selfChecks?: Record<
    string,
    { readonly checks?: readonly { readonly name?: unknown; readonly observed?: unknown }[] }
  >;
}

/** The check's name names its domain level after the last colon (`... 1000 ms: boolean L1`). */
function levelOf(name: unknown): string {
  const text = String(name ?? '');
  return text.slice(text.lastIndexOf(':') + 1).trim();
}

/**
 * Every self-check whose `observed.curve` is a list of `{ windowMs, agreement }` (the converted spiking
 * network's agreement with its source at each reading window), as points of one series per check.
 */
export function agreementCurvePoints(results: object): AgreementCurvePoint[] {
  const points: AgreementCurvePoint[] = [];
  for (const [substrate, report] of Object.entries((results as SelfChecksView).selfChecks ?? {})) {
    for (const check of report.checks ?? []) {
      const curve = (check.observed as { curve?: unknown } | null | undefined)?.curve;
      if (!Array.isArray(curve)) continue;
      for (const p of curve as { windowMs?: unknown; agreement?: unknown }[]) {
        if (typeof p?.windowMs !== 'number' || typeof p.agreement !== 'number') continue;
        points.push({
          series: `${substrate}: ${levelOf(check.name)}`,
          windowMs: p.windowMs,
          agreement: p.agreement,
        });
      }
    }
  }
  return points;
}

/** Agreement against window (log scale), one line per substrate and domain level. */
export function agreementCurveSpec(points: readonly AgreementCurvePoint[]): ChartSpec | null {
  if (!points.length) return null;
  return {
    width: 420,
    height: 220,
    data: { values: points },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'windowMs',
        type: 'quantitative',
        scale: { type: 'log' },
        title: 'reading window (simulated ms)',
      },
      y: {
        field: 'agreement',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        title: 'agreement with source',
      },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/** The same curves as a table: one row per series, one column per window. */
export function agreementCurveTable(points: readonly AgreementCurvePoint[]): Table | null {
  if (!points.length) return null;
  const windows = [...new Set(points.map((p) => p.windowMs))].sort((a, b) => a - b);
  const series = [...new Set(points.map((p) => p.series))];
  return {
    header: ['series', ...windows.map((w) => `${w} ms`)],
    rows: series.map((s) => [
      s,
      ...windows.map((w) => {
        const p = points.find((q) => q.series === s && q.windowMs === w);
        return p ? p.agreement.toFixed(3) : '—';
      }),
    ]),
  };
}
