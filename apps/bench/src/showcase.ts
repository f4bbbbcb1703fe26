import { type Matrix, matrix, type Substrate, takeRows } from '@scrutable/core';
import type { Showcase } from '@scrutable/report';
import type { BenchTask, CellAnalysis } from './deps.js';

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

const MAX_SPIKES = 4000;
const MAX_RULES_CHARS = 6000;
const HEATMAP_SIDE = 32;

/**
 * Looks a raw figure up by a dotted path whose leading parts may be one flat key: for
 * `mechanism.fourier.spectrum`, `raw['mechanism.fourier.spectrum']`, `raw['mechanism.fourier'].spectrum`,
 * `raw.mechanism.fourier.spectrum`, ... — the longest flat key first.
 */
export function rawFigure(raw: Record<string, unknown> | undefined, path: string): unknown {
  if (!raw) return undefined;
  const parts = path.split('.');
  for (let k = parts.length; k >= 1; k--) {
    let node: unknown = raw[parts.slice(0, k).join('.')];
    for (const part of parts.slice(k)) {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (node !== undefined) return node;
  }
  return undefined;
}

function numbers(value: unknown): number[] | undefined {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const list = Array.from(value as ArrayLike<unknown>);
    if (list.every((v) => typeof v === 'number')) return list as number[];
  }
  return undefined;
}

function numberOrNull(value: unknown): number | null | undefined {
  return typeof value === 'number' || value === null ? value : undefined;
}

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

/** Gridworld test structure, as far as the showcase reads it. */
interface GridworldStructure {
  readonly size: number;
  readonly pairs: { readonly inputsWithoutCheese: Matrix; readonly decisionSquare: Uint8Array };
  render(row: number, policy?: ArrayLike<number>): string;
}

/** Index of the largest of the first `width` values of row i. */
function argmaxOf(m: Matrix, i: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (m.data[i * m.cols + j]! > m.data[i * m.cols + best]!) best = j;
  return best;
}

/**
 * The policy over every open cell of one test maze (the first decision square: cheese and default
 * goal lead different ways), before and after subtracting the cheese vector at the site the steer
 * analysis chose. Inputs are the task's channels [walls | agent one-hot | cheese one-hot]; the agent
 * is moved to each open cell. The cheese vector is the mean state difference at the site between
 * the test inputs with and without cheese, as in the steer analysis.
 */
async function gridworldFigure(
  substrate: Substrate,
  task: BenchTask,
  analysis: CellAnalysis | undefined,
  seed: number,
  maxExamples: number,
): Promise<CellShowcase['gridworld']> {
  const structure = task.structure as unknown as GridworldStructure | undefined;
  if (typeof structure?.render !== 'function') return undefined;
  const cells = structure.size * structure.size;
  const row = Math.max(0, structure.pairs.decisionSquare.indexOf(1));
  const input = task.test.inputs.data.subarray(
    row * task.test.inputs.cols,
    (row + 1) * task.test.inputs.cols,
  );
  const open: number[] = [];
  for (let c = 0; c < cells; c++) if (input[c]! < 0.5 && input[2 * cells + c]! < 0.5) open.push(c);
  const batch = matrix(open.length, input.length);
  open.forEach((c, i) => {
    const x = batch.data.subarray(i * input.length, (i + 1) * input.length);
    x.set(input);
    x.fill(0, cells, 2 * cells);
    x[cells + c] = 1;
  });
  const actions = task.heads[0]?.size ?? 4;
  const policyOf = (outputs: Matrix) => {
    const policy = new Array<number>(cells).fill(-1);
    open.forEach((c, i) => {
      policy[c] = argmaxOf(outputs, i, actions);
    });
    return policy;
  };
  const draw = (policy: number[]) => structure.render(row, policy);
  const steer = rawFigure(analysis?.raw, 'steer.gridworld') as Record<string, unknown> | undefined;
  const site = typeof steer?.['site'] === 'string' ? steer['site'] : undefined;
  const figure: NonNullable<CellShowcase['gridworld']> = {
    beforeSvg: draw(policyOf(await substrate.predict(batch, { seed }))),
  };
  const medianBefore = numberOrNull(steer?.['medianBefore']);
  const medianAfter = numberOrNull(steer?.['medianAfter']);
  if (medianBefore !== undefined) figure.towardCheeseBefore = medianBefore;
  if (medianAfter !== undefined) figure.towardCheeseAfter = medianAfter;
  if (site && substrate.capabilities.has('observe') && substrate.capabilities.has('intervene')) {
    const rows = Array.from({ length: Math.min(task.test.inputs.rows, maxExamples) }, (_, i) => i);
    const read = async (inputs: Matrix) =>
      (await substrate.observe(takeRows(inputs, rows), { sites: [site], seed })).states[site]!;
    const withCheese = await read(task.test.inputs);
    const withoutCheese = await read(structure.pairs.inputsWithoutCheese);
    const vector = new Float32Array(withCheese.cols);
    for (let i = 0; i < withCheese.rows; i++)
      for (let j = 0; j < withCheese.cols; j++)
        vector[j]! +=
          (withCheese.data[i * withCheese.cols + j]! - withoutCheese.data[i * withCheese.cols + j]!) /
          rows.length;
    const after = await substrate.intervene(batch, { kind: 'add', site, vector, scale: -1 }, { seed });
    figure.afterSvg = draw(policyOf(after));
  }
  return figure;
}

async function rasterFigure(
  substrate: Substrate,
  task: BenchTask,
  seed: number,
): Promise<CellShowcase['raster']> {
  const observation = await substrate.observe(takeRows(task.test.inputs, [0]), { rasters: true, seed });
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

function weightsFigure(substrate: Substrate): CellShowcase['weights'] {
  const matrices = substrate.parameters().filter((v) => v.from !== undefined && v.cols > 1);
  const view = matrices[0];
  if (!view) return undefined;
  return { name: view.name, ...downsample(view.read(), view.rows, view.cols) };
}

/**
 * Collects what this cell can show: the gridworld policy pictures, the modadd Fourier spectrum, a
 * spike raster (spiking substrates), a weight heatmap (dense substrates), the rules (substrates with
 * `describe()`). A figure that fails is left out; it never fails the cell.
 */
export async function collectShowcase(
  substrate: Substrate,
  task: BenchTask,
  analysis: CellAnalysis | undefined,
  seed: number,
  maxExamples = 128,
): Promise<CellShowcase> {
  const out: CellShowcase = {};
  const attempt = async (fill: () => Promise<void> | void) => {
    try {
      await fill();
    } catch {
      // a showcase figure is optional: the report says it is missing
    }
  };
  if (task.domain === 'gridworld')
    await attempt(async () => {
      const figure = await gridworldFigure(substrate, task, analysis, seed, maxExamples);
      if (figure) out.gridworld = figure;
    });
  if (task.domain === 'modadd') {
    const spectrum = numbers(rawFigure(analysis?.raw, 'mechanism.fourier.spectrum'));
    if (spectrum) out.fourier = spectrum;
  }
  if (substrate.info.family === 'spiking' && substrate.capabilities.has('observe'))
    await attempt(async () => {
      const raster = await rasterFigure(substrate, task, seed);
      if (raster) out.raster = raster;
    });
  if (substrate.info.family === 'dense' && substrate.capabilities.has('parameters'))
    await attempt(() => {
      const weights = weightsFigure(substrate);
      if (weights) out.weights = weights;
    });
  const describe = (substrate as Substrate & { describe?: () => string }).describe;
  if (typeof describe === 'function')
    await attempt(() => {
      out.rules = String(describe.call(substrate)).slice(0, MAX_RULES_CHARS);
    });
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

/** Gathers the cells' figures into the report's showcase block (deterministic: cells in order). */
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
    // prefer the `dense` substrate itself over other dense-family ones (e.g. a scrambled control)
    if (s.weights && (!weights || (c.substrate === 'dense' && weights.substrate !== 'dense')))
      weights = { substrate: c.substrate, ...s.weights };
  }
  return {
    ...(gridworld.length ? { gridworld } : {}),
    ...(fourier.length ? { fourier } : {}),
    ...(rules.length ? { rules } : {}),
    ...(raster ? { raster } : {}),
    ...(weights ? { weights } : {}),
  };
}
