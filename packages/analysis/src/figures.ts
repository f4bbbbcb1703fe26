import { type Matrix, matrix, takeRows } from '@scrutable/core';
import type { AnalysisContext } from './context.js';

/** The figures of one cell, drawn from the analyses that computed its scores, at their sites and scales. */
export interface CellFigures {
  /** The maze policy before and after the steering intervention the steer family scored. */
  gridworld?: {
    beforeSvg: string;
    afterSvg: string;
    site: string;
    coefficientSd: number;
    /** Median P(step toward cheese) at the scored decision squares, before / after. */
    towardCheeseBefore: number | null;
    towardCheeseAfter: number | null;
  };
  /** mechanism.fourier's spectrum at the site it scored. */
  fourier?: { site: string; spectrum: number[] };
  /** Spike times of one test example at one site, read at the analysis window. */
  raster?: { site: string; units: number[]; timesMs: number[] };
  /** The first weight matrix, downsampled by block means. */
  weights?: { name: string; rows: number; cols: number; values: number[] };
}

const MAX_SPIKES = 4000;
const HEATMAP_SIDE = 32;

/** Block means of a [rows x cols] matrix down to at most side × side. */
export function downsample(
  values: Float32Array,
  rows: number,
  cols: number,
  side = HEATMAP_SIDE,
): { rows: number; cols: number; values: number[] } {
  const outRows = Math.min(rows, side);
  const outCols = Math.min(cols, side);
  const sums = new Float64Array(outRows * outCols);
  const counts = new Float64Array(outRows * outCols);
  for (let i = 0; i < rows; i++) {
    const r = Math.floor((i * outRows) / rows);
    for (let j = 0; j < cols; j++) {
      const k = r * outCols + Math.floor((j * outCols) / cols);
      sums[k]! += values[i * cols + j]!;
      counts[k]! += 1;
    }
  }
  return { rows: outRows, cols: outCols, values: Array.from(sums, (s, k) => Math.fround(s / counts[k]!)) };
}

/** Index of the largest of the first `width` values of row i. */
function argmaxOf(m: Matrix, i: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (m.data[i * m.cols + j]! > m.data[i * m.cols + best]!) best = j;
  return best;
}

/** What the steer family recorded on gridworld: where and with what vector it steered. */
interface SteerRecord {
  site: string;
  coefficientSd: number;
  vector: number[];
  medianBefore: number | null;
  medianAfter: number | null;
}

/**
 * The policy over every open cell of the first test maze with a decision square, before and after
 * subtracting the steer family's own vector at its own site (the intervention whose score is reported).
 * Inputs are the gridworld channels [walls | agent one-hot | cheese one-hot]; the agent is moved to
 * each open cell.
 */
async function gridworldFigure(ctx: AnalysisContext, steer: SteerRecord): Promise<CellFigures['gridworld']> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'gridworld') return undefined;
  const cells = structure.size * structure.size;
  const row = Math.max(0, structure.pairs.decisionSquare.indexOf(1));
  const input = takeRows(ctx.task.test.inputs, [row]).data;
  const open: number[] = [];
  for (let c = 0; c < cells; c++) if (input[c]! < 0.5 && input[2 * cells + c]! < 0.5) open.push(c);
  const batch = matrix(open.length, input.length);
  open.forEach((c, i) => {
    const x = batch.data.subarray(i * input.length, (i + 1) * input.length);
    x.set(input);
    x.fill(0, cells, 2 * cells);
    x[cells + c] = 1;
  });
  const actions = ctx.task.heads[0]?.size ?? 4;
  const policyOf = (outputs: Matrix) => {
    const policy = new Array<number>(cells).fill(-1);
    open.forEach((c, i) => {
      policy[c] = argmaxOf(outputs, i, actions);
    });
    return policy;
  };
  const before = await ctx.predict(batch);
  const after = await ctx.intervene(batch, {
    kind: 'add',
    site: steer.site,
    vector: Float32Array.from(steer.vector),
    scale: -1,
  });
  return {
    beforeSvg: structure.render(row, policyOf(before)),
    afterSvg: structure.render(row, policyOf(after)),
    site: steer.site,
    coefficientSd: steer.coefficientSd,
    towardCheeseBefore: steer.medianBefore,
    towardCheeseAfter: steer.medianAfter,
  };
}

/** Spike times of the first test example at the first site that reports any, at the analysis window. */
async function rasterFigure(ctx: AnalysisContext): Promise<CellFigures['raster']> {
  const observation = await ctx.substrate.observe(takeRows(ctx.test.inputs, [0]), {
    ...ctx.run,
    rasters: true,
  });
  for (const [site, rasters] of Object.entries(observation.rasters ?? {})) {
    const first = rasters[0];
    if (!first || first.units.length === 0) continue;
    const n = Math.min(first.units.length, MAX_SPIKES);
    return {
      site,
      units: Array.from(first.units.subarray(0, n)),
      timesMs: Array.from(first.timesMs.subarray(0, n)),
    };
  }
  return undefined;
}

/**
 * The cell's figures, from the raw records of the families that scored it (steer's vector and site,
 * mechanism's spectrum) and from the substrate's own readings (a raster where it reports spike times,
 * a weight heatmap where it exposes a matrix). A figure the substrate cannot give is left out.
 */
export async function cellFigures(
  ctx: AnalysisContext,
  raw: Readonly<Record<string, unknown>>,
): Promise<CellFigures> {
  const out: CellFigures = {};
  const steer = raw['steer.success'] as Partial<SteerRecord> | undefined;
  if (typeof steer?.site === 'string' && Array.isArray(steer.vector)) {
    const figure = await gridworldFigure(ctx, steer as SteerRecord);
    if (figure) out.gridworld = figure;
  }
  const fourier = raw['mechanism.fourier'] as { site?: unknown; spectrum?: unknown } | undefined;
  if (typeof fourier?.site === 'string' && Array.isArray(fourier.spectrum))
    out.fourier = { site: fourier.site, spectrum: fourier.spectrum as number[] };
  if (ctx.can('observe')) {
    const raster = await rasterFigure(ctx);
    if (raster) out.raster = raster;
  }
  if (ctx.can('parameters')) {
    const view = ctx.substrate.parameters().find((v) => v.from !== undefined && v.cols > 1);
    if (view) out.weights = { name: view.name, ...downsample(view.read(), view.rows, view.cols) };
  }
  return out;
}
