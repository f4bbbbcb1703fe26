import { type Matrix, row } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { correctRows } from '../correct-rows.js';
import { decodeTable } from '../decode-table.js';
import { type AnalysisFamily, type Design, meanScore } from '../family.js';
import { outputVariables, readVariable, readVariableRow } from '../outputs.js';
import { SiteProbe } from '../probes/site-probe.js';
import type { FamilyResult } from '../types.js';
import { MIN_DECODABLE, privilegedSites, SPARSE_UNITS } from '../units.js';

/** Most intermediate gates aligned per cell. */
export const MAX_GATES = 12;
/**
 * Fewest informative pairs a gate's interchange is scored on; a gate with fewer is left out. With
 * fewer, one pair moves the gate's score by more than the smallest effect of interest (0.10): an
 * untrained net that answers half the examples right leaves some gates one or two pairs, and one of
 * one produced scored a gate 1 (steer has the same floor, MIN_STEERED_EXAMPLES).
 */
export const MIN_INTERCHANGE_PAIRS = 10;
/** Nanda et al.'s bar: a neuron is "one-frequency" when one frequency explains more than this share. */
export const ONE_FREQUENCY_SHARE = 0.85;

/** mechanism.iia (boolean circuits) and mechanism.fourier (modular addition). */
export async function analyzeMechanism(ctx: AnalysisContext): Promise<FamilyResult> {
  const result: FamilyResult = { metrics: {}, unavailable: {}, raw: {} };
  const set = (id: string, value: number | null, reasonOrRaw: string | unknown): void => {
    result.metrics[id] = value;
    if (value === null) result.unavailable[id] = reasonOrRaw as string;
    else result.raw[id] = reasonOrRaw;
  };
  const domain = ctx.task.structure.domain;
  if (domain !== 'boolean')
    set(
      'mechanism.iia',
      null,
      `interchange targets are the intermediate gates of a boolean circuit (this is ${domain})`,
    );
  else if (!ctx.can('observe') || !ctx.can('intervene'))
    set('mechanism.iia', null, 'needs the observe and intervene capabilities');
  else {
    const iia = await interchangeAccuracy(ctx);
    if (typeof iia === 'string') set('mechanism.iia', null, iia);
    else set('mechanism.iia', iia.score, iia.raw);
  }
  if (domain !== 'modadd')
    set('mechanism.fourier', null, `the Fourier analysis needs modular addition (this is ${domain})`);
  else if (!ctx.can('observe')) set('mechanism.fourier', null, 'substrate cannot be observed');
  else {
    const fourier = await fourierAnalysis(ctx);
    if (typeof fourier === 'string') set('mechanism.fourier', null, fourier);
    else set('mechanism.fourier', fourier.score, fourier.raw);
  }
  return result;
}

/**
 * Interchange-intervention accuracy. For each intermediate gate g (a latent of the circuit that is not
 * an output), its units are the needed prefix of the greedy 4-unit probe at g's best site (fitted on train). For test pairs
 * (base, source) the units are clamped to their states under the source; the right answer is the
 * causal model's output for the base with g forced to its value under the source. Only pairs whose
 * right answer differs from the base's own answer count (elsewhere doing nothing would be "right").
 * Two alignments are tried, as MIB compares featurizers: the 4 units, and the gate's probe direction
 * (a rank-one interchange of the whole site, see directionInterchange); each gate scores the better.
 */
async function interchangeAccuracy(ctx: AnalysisContext): Promise<string | { score: number; raw: unknown }> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'boolean') return 'not a boolean circuit';
  const outputs = new Set(structure.circuit.outputs);
  const table = await decodeTable(ctx);
  const gates = table.latents
    .filter((l) => {
      const node = structure.latentNodes[l.name];
      return node !== undefined && !outputs.has(node) && l.bestSite !== null;
    })
    .slice(0, MAX_GATES);
  if (gates.length === 0) return 'the circuit has no intermediate gate among the probed latents';
  const testStates = await ctx.splitStates('test');
  const inputs = ctx.test.inputs;
  // Pairs count only where the substrate answers both the base and the source correctly.
  const correct = new Set(await correctRows(ctx));
  const perGate: Array<{
    gate: string;
    site: string;
    units: number[];
    pairs: number;
    iia: number;
    unitIia: number;
    directionIia: number;
    produced: { units: number; direction: number };
    disrupted: { units: number; direction: number };
  }> = [];
  for (const gate of gates) {
    const site = gate.bestSite!;
    const probe = await ctx.probe(site);
    const states = testStates[site]!;
    const source = ctx.rng(`iia.${gate.name}`).permutation(inputs.rows);
    const units = SiteProbe.neededUnits(probe.greedy(gate.target, SPARSE_UNITS, 1e-3 * ctx.fitRows.length));
    const unitValues = new Float32Array(inputs.rows * units.length);
    source.forEach((s, i) => {
      units.forEach((u, k) => {
        unitValues[i * units.length + k] = states.data[s * states.cols + u]!;
      });
    });
    const byUnits = await ctx.intervene(inputs, {
      kind: 'clamp',
      site,
      units: [...units],
      values: unitValues,
    });
    const w = probe.direction(gate.target, gate.sites[site]!.lambda);
    const byDirection = await ctx.intervene(inputs, {
      kind: 'clamp',
      site,
      units: Array.from({ length: states.cols }, (_, u) => u),
      values: directionInterchange(states, source, w),
    });
    const before = await ctx.testPredictions();
    const unitIia = scorePairs(ctx, gate.index, gate.target.test, source, before, byUnits, correct);
    const directionIia = scorePairs(ctx, gate.index, gate.target.test, source, before, byDirection, correct);
    if (unitIia.pairs < MIN_INTERCHANGE_PAIRS) continue;
    perGate.push({
      gate: gate.name,
      site,
      units: [...units],
      pairs: unitIia.pairs,
      unitIia: unitIia.iia,
      directionIia: directionIia.iia,
      produced: { units: unitIia.produced, direction: directionIia.produced },
      disrupted: { units: unitIia.disrupted, direction: directionIia.disrupted },
      iia: Math.max(unitIia.iia, directionIia.iia),
    });
  }
  if (perGate.length === 0)
    return `no intermediate gate changes the answer on ${MIN_INTERCHANGE_PAIRS} or more test pairs the substrate answers correctly`;
  const score = perGate.reduce((s, g) => s + g.iia, 0) / perGate.length;
  return { score, raw: { gates: perGate, minDecodable: MIN_DECODABLE } };
}

/**
 * Site states for a rank-one interchange along probe direction w: each base row h becomes
 * h + w · (w·(h_source − h)) / (w·w), i.e. the base with its reading along w taken from the source,
 * each unit kept within the range it takes over the batch (a state outside it, e.g. a negative
 * firing rate, is not one the substrate can be in).
 */
export function directionInterchange(
  states: Matrix,
  source: readonly number[],
  w: Float64Array,
): Float32Array {
  const d = states.cols;
  let ww = 0;
  for (const x of w) ww += x * x;
  const out = new Float32Array(states.rows * d);
  const low = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < states.rows; i++)
    for (let j = 0; j < d; j++) {
      low[j] = Math.min(low[j]!, states.data[i * d + j]!);
      high[j] = Math.max(high[j]!, states.data[i * d + j]!);
    }
  source.forEach((s, i) => {
    let proj = 0;
    for (let j = 0; j < d; j++) proj += w[j]! * (states.data[s * d + j]! - states.data[i * d + j]!);
    const k = ww > 0 ? proj / ww : 0;
    for (let j = 0; j < d; j++)
      out[i * d + j] = Math.min(high[j]!, Math.max(low[j]!, states.data[i * d + j]! + k * w[j]!));
  });
  return out;
}

/**
 * Interchange accuracy over the pairs whose base and source the substrate answers correctly. On the
 * informative ones (forcing the gate to its source value changes the causal model's answer for the
 * base) the intervened output must equal that answer and differ from the substrate's own
 * unintervened output: `produced`. On the others the right answer is the base's own, and any change
 * is wrong: `disrupted`. An intervention that moves the output whatever the gate does (on one binary
 * output, every change "produces" the answer) scores as much on the first as on the second, so the
 * score is the excess, max(0, produced − disrupted), as steer scores its excess over random kicks.
 */
function scorePairs(
  ctx: AnalysisContext,
  latentIndex: number,
  latentValues: Float32Array,
  source: readonly number[],
  before: Matrix,
  after: Matrix,
  answered: ReadonlySet<number>,
): { pairs: number; produced: number; disrupted: number; iia: number } {
  const variables = outputVariables(ctx.task.heads);
  const changed = (i: number) =>
    variables.some((v) => readVariable(after, i, v) !== readVariable(before, i, v));
  let pairs = 0;
  let correct = 0;
  let stayPairs = 0;
  let moved = 0;
  source.forEach((s, i) => {
    if (!answered.has(i) || !answered.has(s)) return;
    const base = row(ctx.test.inputs, i);
    const truth = ctx.task.groundTruth(base).targets;
    const cf = ctx.task.groundTruth(base, new Map([[latentIndex, latentValues[s]!]])).targets;
    if (variables.every((v) => readVariableRow(truth, v) === readVariableRow(cf, v))) {
      stayPairs++;
      if (changed(i)) moved++;
      return;
    }
    pairs++;
    // The intervention must produce the answer: a substrate that already gave it is not credited.
    if (changed(i) && variables.every((v) => readVariable(after, i, v) === readVariableRow(cf, v))) correct++;
  });
  const produced = pairs ? correct / pairs : 0;
  const disrupted = stayPairs ? moved / stayPairs : 0;
  return { pairs, produced, disrupted, iia: Math.max(0, produced - disrupted) };
}

/** Frequency (0..(p-1)/2) of row i of the Fourier basis: row 0 constant, rows 2k-1 and 2k frequency k. */
function frequencyOf(i: number): number {
  return Math.ceil(i / 2);
}

/** Per-unit Fourier power: total non-constant power and the power of each single frequency family. */
export interface UnitSpectrum {
  total: number;
  /** byFrequency[k-1]: power of the components whose frequencies (in a and in b) are only 0 or k. */
  byFrequency: Float64Array;
}

/**
 * The 2-D Fourier spectrum of a function of (a, b) given as a p x p table, in the task's basis (rows
 * normalised): coefficient C = F T Fᵀ; a component (i, j) belongs to frequency k when both of its
 * frequencies are 0 or k (cos/sin of k·a, of k·b, and their products, which carry k·(a ± b)); a mixed
 * component (ka ≠ kb, both non-zero) belongs to no frequency, so it counts only in the total.
 */
export function unitSpectrum(table: Float64Array, basis: Float32Array, p: number): UnitSpectrum {
  const f = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    let norm = 0;
    for (let x = 0; x < p; x++) norm += basis[i * p + x]! ** 2;
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let x = 0; x < p; x++) f[i * p + x] = basis[i * p + x]! * s;
  }
  // ft = F T (p x p), then C = ft Fᵀ.
  const ft = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let a = 0; a < p; a++) {
      const fi = f[i * p + a]!;
      if (fi === 0) continue;
      for (let b = 0; b < p; b++) ft[i * p + b]! += fi * table[a * p + b]!;
    }
  const half = Math.floor((p - 1) / 2);
  const byFrequency = new Float64Array(half);
  let total = 0;
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      if (i === 0 && j === 0) continue;
      let c = 0;
      for (let b = 0; b < p; b++) c += ft[i * p + b]! * f[j * p + b]!;
      const power = c * c;
      total += power;
      const ki = frequencyOf(i);
      const kj = frequencyOf(j);
      if (ki === 0 || kj === 0 || ki === kj) {
        const k = Math.max(ki, kj);
        if (k >= 1 && k <= half) byFrequency[k - 1]! += power;
      }
    }
  return { total, byFrequency };
}

/**
 * mechanism.fourier (Nanda et al. 2023): every unit of a privileged site (not a preactivation) is read on
 * all p² (a, b) pairs and its table decomposed in the 2-D Fourier basis (see unitSpectrum). A unit's
 * top-frequency share is the power of its best frequency over its non-constant power. Site score = the
 * variance-weighted mean of that share over units with non-negligible variance, i.e.
 * Σ_units top power / Σ_units power; the best site is reported. Raw: the site's spectrum (share of
 * power per frequency k), per-unit figures, and the share of units above 85% (the paper's 84.6%).
 */
async function fourierAnalysis(ctx: AnalysisContext): Promise<string | { score: number; raw: unknown }> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'modadd') return 'not modular addition';
  const p = structure.p;
  const grid = pairGrid(ctx, p);
  if (typeof grid === 'string') return grid;
  const privileged = new Set(privilegedSites(ctx.sites()));
  const sites = ctx.sites().filter((g) => privileged.has(g.site));
  if (sites.length === 0) return 'the substrate has no privileged (non-preactivation) site';
  const states = await ctx.observe(grid);
  let best: ({ site: string } & SiteFourier) | undefined;
  for (const group of sites) {
    const site = states[group.site];
    if (!site) continue;
    const analysed = fourierSite(site, p, structure.fourierBasis);
    if (analysed && (!best || analysed.score > best.score)) best = { site: group.site, ...analysed };
  }
  // A share of variance is 0/0 where nothing varies: no score, rather than a 0 that reads as a finding.
  if (!best)
    return 'no unit of a privileged site varies over the (a, b) grid, so no share of its variance exists';
  return { score: best.score, raw: best };
}

/**
 * The task's inputs for all p² pairs, row a·p + b, laid out as the modadd domain lays them out
 * (one-hot a ‖ one-hot b); checked against the task's own ground truth.
 */
function pairGrid(ctx: AnalysisContext, p: number): Matrix | string {
  const names = ctx.train.latents.map((l) => l.name);
  const aIndex = names.indexOf('a');
  const bIndex = names.indexOf('b');
  if (aIndex < 0 || bIndex < 0) return "the task has no latents named 'a' and 'b'";
  if (ctx.train.inputs.cols !== 2 * p)
    return `inputs are not one-hot a ‖ one-hot b (width ${ctx.train.inputs.cols})`;
  const data = new Float32Array(p * p * 2 * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      const offset = (a * p + b) * 2 * p;
      data[offset + a] = 1;
      data[offset + p + b] = 1;
      const latents = ctx.task.groundTruth(data.subarray(offset, offset + 2 * p)).latents;
      if (latents[aIndex] !== a || latents[bIndex] !== b)
        return 'the task does not read one-hot a ‖ one-hot b inputs as (a, b)';
    }
  return { rows: p * p, cols: 2 * p, data };
}

/** Fourier figures of one site; unitShare[u] is null for a unit with negligible variance. */
export interface SiteFourier {
  score: number;
  spectrum: number[];
  oneFrequencyShare: number;
  varyingUnits: number;
  units: number;
  unitTopFrequency: Array<number | null>;
  unitShare: Array<number | null>;
}

/**
 * Fourier figures of a site whose states are given on the p² grid (row a·p + b). Constant units
 * (variance at most 1e-12 of their mean square, e.g. dead ReLUs) and units whose non-constant power is
 * below 1e-9 of the site's largest are left out; null when no unit varies. (Constancy is read off
 * the table itself: the float32 basis leaks about 1e-7 of a constant into the other components.)
 */
export function fourierSite(states: Matrix, p: number, basis: Float32Array): SiteFourier | null {
  const spectra: Array<UnitSpectrum | null> = [];
  for (let u = 0; u < states.cols; u++) {
    const table = new Float64Array(p * p);
    for (let cell = 0; cell < p * p; cell++) table[cell] = states.data[cell * states.cols + u]!;
    let mean = 0;
    let square = 0;
    for (const x of table) [mean, square] = [mean + x / table.length, square + (x * x) / table.length];
    const constant = square - mean * mean <= 1e-12 * square;
    spectra.push(constant ? null : unitSpectrum(table, basis, p));
  }
  const largest = Math.max(0, ...spectra.map((s) => s?.total ?? 0));
  if (!(largest > 0)) return null;
  const spectrum = new Float64Array(Math.floor((p - 1) / 2));
  let total = 0;
  let explained = 0;
  let varying = 0;
  let oneFrequency = 0;
  const unitTopFrequency: Array<number | null> = [];
  const unitShare: Array<number | null> = [];
  for (const s of spectra) {
    if (s === null || s.total <= 1e-9 * largest) {
      unitTopFrequency.push(null);
      unitShare.push(null);
      continue;
    }
    varying++;
    const top = Math.max(...s.byFrequency);
    unitTopFrequency.push(s.byFrequency.indexOf(top) + 1);
    unitShare.push(top / s.total);
    total += s.total;
    explained += top;
    if (top / s.total > ONE_FREQUENCY_SHARE) oneFrequency++;
    s.byFrequency.forEach((x, k) => {
      spectrum[k]! += x;
    });
  }
  return {
    score: explained / total,
    spectrum: Array.from(spectrum, (x) => x / total),
    oneFrequencyShare: oneFrequency / varying,
    varyingUnits: varying,
    units: states.cols,
    unitTopFrequency,
    unitShare,
  };
}

/** mechanism: the known algorithm of the task read off the substrate (circuit gates, Fourier features). */
export const mechanism: AnalysisFamily = {
  id: 'mechanism',
  metrics: [
    {
      id: 'mechanism.iia',
      needs: ['observe', 'intervene'],
      applies: (d: Design) =>
        d.traits.circuit && d.traits.causalModel
          ? null
          : 'interchange targets are the intermediate gates of a circuit, which this task does not have',
    },
    {
      id: 'mechanism.fourier',
      needs: ['observe'],
      applies: (d: Design) => {
        if (!d.traits.modular) return 'the Fourier analysis needs modular addition';
        return privilegedSites(d.sites).length
          ? null
          : 'the substrate has no privileged (non-preactivation) site';
      },
    },
  ],
  inIndex: true,
  score: meanScore(['mechanism.iia', 'mechanism.fourier']),
  run: analyzeMechanism,
};
