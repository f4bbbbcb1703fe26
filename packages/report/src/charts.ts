import type { ResultsSummary } from '@scrutable/core';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { Showcase } from './showcase.js';

/** A Vega-Lite spec (loosely typed: the specs here are plain data). */
export type ChartSpec = Record<string, unknown>;

const BASE = { background: 'white', config: { font: 'sans-serif', view: { stroke: null } } };

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string in Node (no canvas, no network). Vega
 * numbers element ids (gradients, clip paths) from a process-wide counter; they are renamed to
 * `<idPrefix>-<n>` so the output depends on the spec alone and ids stay unique within a page.
 */
export async function renderSvg(spec: ChartSpec, idPrefix = 'chart'): Promise<string> {
  const compiled = vegaLite.compile({ ...BASE, ...spec } as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return renameIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/** Renames every `id="…"` in an SVG, and its `#…` references, to `<prefix>-<n>` in order of appearance. */
export function renameIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
  const renamed = new Map(ids.map((id, n) => [id, `${prefix}-${n}`]));
  return svg.replace(/\bid="([^"]+)"|#([A-Za-z_][\w.-]*)/g, (match, id?: string, ref?: string) => {
    if (id !== undefined) return `id="${renamed.get(id) ?? id}"`;
    const target = ref !== undefined ? renamed.get(ref) : undefined;
    return target ? `#${target}` : match;
  });
}

/** Index per substrate as a point with its bootstrap CI as a rule. */
export function indexBySubstrateSpec(summary: ResultsSummary): ChartSpec | null {
  const values = summary.substrates
    .filter((s) => s.index !== null)
    .map((s) => ({ substrate: s.substrate, index: s.index, lo: s.ci[0] ?? s.index, hi: s.ci[1] ?? s.index }));
  if (!values.length) return null;
  const y = {
    field: 'substrate',
    type: 'nominal',
    title: null,
    sort: { field: 'index', order: 'descending' },
  };
  return {
    width: 420,
    data: { values },
    layer: [
      {
        mark: 'rule',
        encoding: {
          y,
          x: { field: 'lo', type: 'quantitative', title: 'interpretability index' },
          x2: { field: 'hi' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: { y, x: { field: 'index', type: 'quantitative', scale: { domain: [0, 1] } } },
      },
    ],
  };
}

/** A mean (index or accuracy) against domain complexity level, one line per substrate. */
export function indexByLevelSpec(
  values: ReadonlyArray<{ substrate: string; level: number; index: number }>,
  title = 'mean index',
): ChartSpec | null {
  if (!values.length) return null;
  return {
    width: 420,
    height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'level', type: 'ordinal', title: 'domain complexity level', axis: { labelAngle: 0 } },
      y: { field: 'index', type: 'quantitative', title, scale: { domain: [0, 1] } },
      color: { field: 'substrate', type: 'nominal' },
    },
  };
}

/** Test capability against the index, one point per cell. */
export function capabilityScatterSpec(
  values: ReadonlyArray<{ substrate: string; task: string; capability: number; index: number }>,
): ChartSpec | null {
  if (!values.length) return null;
  return {
    width: 420,
    height: 280,
    data: { values },
    mark: { type: 'point', filled: true, size: 50, opacity: 0.8 },
    encoding: {
      x: { field: 'capability', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } },
      y: { field: 'index', type: 'quantitative', title: 'interpretability index', scale: { domain: [0, 1] } },
      color: { field: 'substrate', type: 'nominal' },
      shape: { field: 'task', type: 'nominal' },
    },
  };
}

/** The variance decomposition as one bar per share. */
export function varianceSpec(summary: ResultsSummary): ChartSpec | null {
  const v = summary.varianceDecomposition;
  if (!v) return null;
  const values = (['domain', 'substrate', 'interaction', 'residual'] as const).map((source) => ({
    source,
    share: v[source],
  }));
  return {
    width: 420,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'source', type: 'nominal', title: null, sort: null },
      x: {
        field: 'share',
        type: 'quantitative',
        title: 'share of index variance',
        scale: { domain: [0, 1] },
      },
    },
  };
}

/** Substrate × domain heatmap of one family's mean score. */
export function familyHeatmapSpec(
  family: string,
  values: ReadonlyArray<{ substrate: string; task: string; score: number }>,
): ChartSpec | null {
  if (!values.length) return null;
  return {
    width: { step: 64 },
    height: { step: 24 },
    data: { values },
    encoding: {
      x: { field: 'task', type: 'nominal', title: 'domain', axis: { labelAngle: 0 } },
      y: { field: 'substrate', type: 'nominal', title: null },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'score',
            type: 'quantitative',
            title: family,
            scale: { domain: [0, 1], scheme: 'viridis' },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'score', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'datum.score > 0.6', value: 'black' }, value: 'white' },
        },
      },
    ],
  };
}

/** The modadd Fourier spectrum per substrate, one small bar chart each. */
export function fourierSpec(entries: NonNullable<Showcase['fourier']>): ChartSpec | null {
  const values = entries.flatMap((e) => e.spectrum.map((share, k) => ({ substrate: e.substrate, k, share })));
  if (!values.length) return null;
  return {
    data: { values },
    facet: { row: { field: 'substrate', type: 'nominal', title: null } },
    spec: {
      width: 360,
      height: 80,
      mark: 'bar',
      encoding: {
        x: { field: 'k', type: 'ordinal', title: 'frequency k', axis: { labelAngle: 0 } },
        y: { field: 'share', type: 'quantitative', title: 'variance share' },
      },
    },
  };
}

/** Spike raster: one tick per spike, time against unit. */
export function rasterSpec(raster: NonNullable<Showcase['raster']>): ChartSpec | null {
  const values = raster.units.map((unit, i) => ({ unit, t: raster.timesMs[i] ?? 0 }));
  if (!values.length) return null;
  return {
    width: 420,
    height: 220,
    data: { values },
    mark: { type: 'tick', orient: 'vertical', thickness: 1 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (ms)' },
      y: { field: 'unit', type: 'ordinal', title: 'unit', axis: { labels: false, ticks: false } },
    },
  };
}

/** A weight matrix as a diverging heatmap. */
export function weightsSpec(weights: NonNullable<Showcase['weights']>): ChartSpec | null {
  const values = weights.values.map((w, i) => ({
    row: Math.floor(i / weights.cols),
    col: i % weights.cols,
    w,
  }));
  if (!values.length) return null;
  const extent = Math.max(1e-9, ...weights.values.map((v) => Math.abs(v)));
  return {
    width: 320,
    height: 320,
    data: { values },
    mark: 'rect',
    encoding: {
      x: {
        field: 'col',
        type: 'ordinal',
        title: `from (${weights.cols})`,
        axis: { labels: false, ticks: false },
      },
      y: {
        field: 'row',
        type: 'ordinal',
        title: `to (${weights.rows})`,
        axis: { labels: false, ticks: false },
      },
      color: {
        field: 'w',
        type: 'quantitative',
        title: 'weight',
        scale: { scheme: 'redblue', domain: [-extent, extent], reverse: true },
      },
    },
  };
}

/** Measured STDP weight change against the rule's expected curve. */
export function stdpSpec(stdp: NonNullable<Showcase['stdp']>): ChartSpec | null {
  const values = stdp.points.flatMap((p) => [
    // the rule jumps at Δt = 0: each side is its own line
    { dtMs: p.dtMs, dw: p.expected, series: 'theory', side: p.dtMs < 0 ? 'depression' : 'potentiation' },
    { dtMs: p.dtMs, dw: p.measured, series: 'measured', side: p.dtMs < 0 ? 'depression' : 'potentiation' },
  ]);
  if (!values.length) return null;
  const x = { field: 'dtMs', type: 'quantitative', title: 'Δt = t_post − t_pre (ms)' };
  const y = { field: 'dw', type: 'quantitative', title: 'Δw' };
  return {
    width: 420,
    height: 240,
    data: { values },
    encoding: { x, y, color: { field: 'series', type: 'nominal', title: null } },
    layer: [
      {
        transform: [{ filter: "datum.series === 'theory'" }],
        mark: 'line',
        encoding: { detail: { field: 'side', type: 'nominal' } },
      },
      { transform: [{ filter: "datum.series === 'measured'" }], mark: { type: 'point', filled: true } },
    ],
  };
}

/**
 * Every hidden unit on modadd as one bar: its strongest frequency's share of its variance, coloured by
 * that frequency, with the 85% bar of Nanda et al. (2023); one row per substrate and level.
 */
export function frequencyUnitsSpec(
  points: ReadonlyArray<{ substrate: string; level: number; rank: number; frequency: number; share: number }>,
): ChartSpec | null {
  if (!points.length) return null;
  const values = points.map((p) => ({ ...p, run: `${p.substrate}, level ${p.level}` }));
  return {
    data: { values },
    facet: { row: { field: 'run', type: 'nominal', title: null } },
    spec: {
      width: 560,
      height: 110,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'rank', type: 'ordinal', title: 'hidden unit (by frequency)', axis: null },
            y: {
              field: 'share',
              type: 'quantitative',
              title: 'top-frequency share',
              scale: { domain: [0, 1] },
            },
            color: {
              field: 'frequency',
              type: 'nominal',
              title: 'frequency k',
              scale: { scheme: 'tableau20' },
            },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { y: { datum: 0.85 } } },
      ],
    },
  };
}
