import type { Substrate } from '@scrutable/core';
import type { Showcase } from '@scrutable/report';
import type { CellAnalysis } from './deps.js';

/** Showcase figures one cell collected (stored in its run file, gathered into results.json). */
export interface CellShowcase {
  gridworld?: {
    beforeSvg: string;
    afterSvg?: string;
    towardCheeseBefore?: number | null;
    towardCheeseAfter?: number | null;
  };
  fourier?: number[];
  raster?: { site: string; units: number[]; timesMs: number[] };
  weights?: { name: string; rows: number; cols: number; values: number[] };
  rules?: string;
}

const MAX_RULES_CHARS = 6000;

/**
 * What this cell can show: the figures the analysis drew from the families that scored the cell (the
 * maze policy under the scored steering intervention, the Fourier spectrum at the scored site, a
 * raster, a weight heatmap), and the substrate's own description where it has one. Nothing is
 * computed here.
 */
export function collectShowcase(substrate: Substrate, analysis: CellAnalysis | undefined): CellShowcase {
  const figures = analysis?.figures ?? {};
  const out: CellShowcase = {};
  if (figures.gridworld) {
    const { beforeSvg, afterSvg, towardCheeseBefore, towardCheeseAfter } = figures.gridworld;
    out.gridworld = { beforeSvg, afterSvg, towardCheeseBefore, towardCheeseAfter };
  }
  if (figures.fourier) out.fourier = figures.fourier.spectrum;
  if (figures.raster) out.raster = figures.raster;
  if (figures.weights) out.weights = figures.weights;
  const describe = (substrate as Substrate & { describe?: () => string }).describe;
  if (typeof describe === 'function') {
    try {
      out.rules = String(describe.call(substrate)).slice(0, MAX_RULES_CHARS);
    } catch {
      // a description is optional: the report says it is missing
    }
  }
  return out;
}

/** A cell's showcase, with who and where it came from. */
export interface ShowcaseSource {
  substrate: string;
  task: string;
  level: number;
  seed: number;
  showcase?: CellShowcase;
}

/**
 * Gathers the cells' figures into the report's showcase block (deterministic: cells in order; the
 * first raster and weight heatmap in cell order, i.e. of the first configured substrate that has one).
 */
export function gatherShowcase(cells: readonly ShowcaseSource[]): Showcase {
  const gridworld: NonNullable<Showcase['gridworld']>[number][] = [];
  const fourier: NonNullable<Showcase['fourier']>[number][] = [];
  const rules: NonNullable<Showcase['rules']>[number][] = [];
  let raster: Showcase['raster'];
  let weights: Showcase['weights'];
  for (const c of cells) {
    const s = c.showcase;
    if (!s) continue;
    if (s.gridworld) gridworld.push({ substrate: c.substrate, level: c.level, seed: c.seed, ...s.gridworld });
    if (s.fourier) fourier.push({ substrate: c.substrate, level: c.level, spectrum: s.fourier });
    if (s.rules && !rules.some((r) => r.substrate === c.substrate && r.task === c.task))
      rules.push({ substrate: c.substrate, task: c.task, level: c.level, text: s.rules });
    if (s.raster && !raster) raster = { substrate: c.substrate, ...s.raster };
    if (s.weights && !weights) weights = { substrate: c.substrate, ...s.weights };
  }
  return {
    ...(gridworld.length ? { gridworld } : {}),
    ...(fourier.length ? { fourier } : {}),
    ...(rules.length ? { rules } : {}),
    ...(raster ? { raster } : {}),
    ...(weights ? { weights } : {}),
  };
}
