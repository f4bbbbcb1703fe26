import { type Matrix, outputWidth, type UnitGroup } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { randomRotation, rotateStates } from '../probes/rotation.js';
import { SiteProbe } from '../probes/site-probe.js';
import type { ProbeTarget } from '../probes/targets.js';
import { allUnavailable, clamp01, type FamilyResult, meanOf } from '../types.js';
import { decodeTable, type LatentDecode } from './decode.js';

/** A latent is localised only where its full probe reaches at least this normalised score. */
export const MIN_DECODABLE = 0.2;
/** Units in the larger sparse probe (and the units other families intervene on). */
export const SPARSE_UNITS = 4;
/** Ridge strength of sparse probes, as a multiple of the fitting examples (nearly unregularised). */
const SPARSE_LAMBDA_FACTOR = 1e-3;
/** A unit detects a concept when its IoU is at least this far from chance toward perfect. */
export const DETECTOR_NORMALISED_IOU = 0.5;

/** Random rotations of a site whose greedy probes form the no-privileged-basis baseline. */
export const ROTATIONS = 2;
/** Smallest mean gap between the full probe and the rotated baseline for localisation to be measurable. */
export const MIN_LOCALIZABLE_GAP = 0.05;
/** Most category values localised per categorical latent (a seeded sample beyond that). */
export const MAX_VALUES = 32;

/**
 * The units found for one latent at its site. A binary or continuous latent gets one greedy
 * sparse probe; a categorical latent one per value v, on the binary feature "latent = v" (sparse
 * probing is defined for binary features; a one-hot code is then perfectly local).
 */
export interface LatentUnits {
  latent: LatentDecode;
  site: string;
  /** Units in greedy order (the first is the best single unit); per value for categorical latents. */
  units: readonly (readonly number[])[];
  /** Needed units (SiteProbe.neededUnits), united over values; interventions use them. */
  needed: readonly number[];
  /**
   * Per greedy step k, mean over probes of P_k − R_k: what the k best units decode beyond the k best
   * directions of randomly rotated bases of the same site (negative where the rotated basis does better).
   */
  gain: readonly number[];
  /** Per greedy step k, mean over probes of P_full − R_k: what there was to gain beyond the rotated basis. */
  room: readonly number[];
  /** Mean full-probe test score over the probes used. */
  full: number;
}

/**
 * Sites whose units form a privileged basis: every site but pre-activations (any state whose
 * description names a pre-activation, e.g. `preactivation` or `rotated preactivation`). A
 * pre-activation is a linear map of the layer below, so any rotation of it is an equally valid
 * reading; only after an elementwise nonlinearity (or in a substrate whose units are units by
 * construction) can a unit direction mean more than any other.
 */
export function privilegedSites(groups: readonly UnitGroup[]): string[] {
  return groups.filter((g) => !isPreactivation(g.state)).map((g) => g.site);
}

/** Does a site's `state` name a pre-activation (`preactivation`, `rotated preactivation`, ...)? */
export function isPreactivation(state: string): boolean {
  return /\bpreactivation\b/.test(state);
}

/** The privileged site where a latent decodes best on validation, if it decodes there at all. */
function localSite(latent: LatentDecode, sites: readonly string[]): string | null {
  let best: string | null = null;
  for (const site of sites) {
    const s = latent.sites[site];
    if (!s || !Number.isFinite(s.validation)) continue;
    if (best === null || s.validation > latent.sites[best]!.validation) best = site;
  }
  return best !== null && latent.sites[best]!.probe >= MIN_DECODABLE ? best : null;
}

/**
 * Latents worth localising, each with its privileged site: decodable there (informative ones when
 * any are, since latents already in the input are read off input-like units).
 */
export function localizableLatents(
  latents: readonly LatentDecode[],
  sites: readonly string[],
): Array<{ latent: LatentDecode; site: string }> {
  const decodable = latents.flatMap((latent) => {
    const site = localSite(latent, sites);
    return site === null ? [] : [{ latent, site }];
  });
  const informative = decodable.filter((l) => l.latent.informative);
  return informative.length > 0 ? informative : decodable;
}

/** Probes of a site's states in ROTATIONS seeded random bases; computed once per site. */
function rotatedProbes(ctx: AnalysisContext, site: string): Promise<SiteProbe[]> {
  return ctx.memo(`localize.rotated.${site}`, async () => {
    const [train, test] = await Promise.all([ctx.splitStates('train'), ctx.splitStates('test')]);
    const rng = ctx.rng(`localize.rotation.${site}`);
    return Array.from({ length: ROTATIONS }, () => {
      const q = randomRotation(train[site]!.cols, rng);
      return new SiteProbe(
        rotateStates(train[site]!, q),
        rotateStates(test[site]!, q),
        ctx.fitRows,
        ctx.validationRows,
      );
    });
  });
}

/** Greedy sparse probes for every localisable latent; computed once per cell. */
export function latentUnits(ctx: AnalysisContext): Promise<LatentUnits[]> {
  return ctx.memo('localize.units', async () => {
    const table = await decodeTable(ctx);
    const out: LatentUnits[] = [];
    const lambda = SPARSE_LAMBDA_FACTOR * ctx.fitRows.length;
    const sites = privilegedSites(ctx.sites()).filter((site) => table.sites.includes(site));
    for (const { latent, site } of localizableLatents(table.latents, sites)) {
      const probe = await ctx.probe(site);
      const rotated = await rotatedProbes(ctx, site);
      const targets =
        latent.target.kind === 'categorical' ? valueTargets(ctx, latent.target) : [latent.target];
      const units: number[][] = [];
      const needed = new Set<number>();
      const gains: number[][] = [];
      const rooms: number[][] = [];
      const fulls: number[] = [];
      for (const target of targets) {
        const full = target === latent.target ? latent.sites[site]!.probe : probe.evaluate(target).test;
        if (!(full >= MIN_DECODABLE)) continue;
        const sparse = probe.greedy(target, SPARSE_UNITS, lambda);
        units.push([...sparse.units]);
        for (const u of SiteProbe.neededUnits(sparse)) needed.add(u);
        // What selecting k units achieves without a privileged basis: the same greedy search over
        // the directions of random rotations of the site.
        const baselines = rotated.map((r) => r.greedy(target, SPARSE_UNITS, lambda).testByStep);
        const steps = Array.from({ length: SPARSE_UNITS }, (_, k) =>
          Math.min(k, sparse.testByStep.length - 1),
        );
        const baseline = steps.map((k) => meanOf(baselines.map((b) => Math.max(0, b[k] ?? 0))));
        gains.push(steps.map((k, i) => sparse.testByStep[k]! - baseline[i]!));
        rooms.push(baseline.map((b) => full - b));
        fulls.push(full);
      }
      if (units.length === 0) continue;
      const gain = Array.from({ length: SPARSE_UNITS }, (_, k) => meanOf(gains.map((g) => g[k]!)));
      const room = Array.from({ length: SPARSE_UNITS }, (_, k) => meanOf(rooms.map((r) => r[k]!)));
      out.push({
        latent,
        site,
        units,
        needed: [...needed].sort((a, b) => a - b),
        gain,
        room,
        full: meanOf(fulls),
      });
    }
    return out;
  });
}

/** Binary targets "latent = v" for the values of a categorical latent (at most MAX_VALUES, seeded). */
function valueTargets(ctx: AnalysisContext, target: ProbeTarget): ProbeTarget[] {
  let values = [...new Set(target.train)].sort((a, b) => a - b);
  if (values.length > MAX_VALUES)
    values = ctx
      .rng(`localize.values.${target.name}`)
      .shuffle(values)
      .slice(0, MAX_VALUES)
      .sort((a, b) => a - b);
  return values.map((v) => ({
    name: `${target.name}=${v}`,
    kind: 'binary',
    categories: 2,
    train: target.train.map((x) => (x === v ? 1 : 0)),
    test: target.test.map((x) => (x === v ? 1 : 0)),
  }));
}

/** localize.k1, localize.k4 (sparse probe as a fraction of the full probe) and localize.detectors. */
export async function analyzeLocalize(ctx: AnalysisContext): Promise<FamilyResult> {
  const ids = ['localize.k1', 'localize.k4', 'localize.detectors'];
  if (!ctx.can('observe')) return allUnavailable(ids, 'substrate cannot be observed');
  const found = await latentUnits(ctx);
  const result: FamilyResult = { metrics: {}, unavailable: {}, raw: {} };
  if (found.length === 0) {
    for (const id of ['localize.k1', 'localize.k4']) {
      result.metrics[id] = null;
      result.unavailable[id] =
        `no latent is decodable (probe score >= ${MIN_DECODABLE}) at a site with a privileged basis (pre-activations are not one)`;
    }
  } else {
    for (const [id, step] of [
      ['localize.k1', 0],
      ['localize.k4', SPARSE_UNITS - 1],
    ] as const) {
      // A ratio of sums over latents, not a mean of per-latent ratios: a latent with little room
      // beyond the rotated basis would otherwise turn noise into a large fraction.
      const room = meanOf(found.map((f) => f.room[step]!));
      const value = meanOf(found.map((f) => f.gain[step]!)) / room;
      const measurable = room > MIN_LOCALIZABLE_GAP && Number.isFinite(value);
      result.metrics[id] = measurable ? clamp01(value) : null;
      if (!measurable)
        result.unavailable[id] =
          'a randomly rotated basis already decodes as well as the full probe (the site is too small)';
    }
    const perLatent = found.map((f) => ({
      latent: f.latent.name,
      site: f.site,
      units: f.units.map((u) => [...u]),
      needed: [...f.needed],
      full: f.full,
      gain: [...f.gain],
      room: [...f.room],
    }));
    result.raw['localize.k1'] = perLatent;
    result.raw['localize.k4'] = perLatent;
  }
  if (ctx.task.structure.domain !== 'shapes') {
    result.metrics['localize.detectors'] = null;
    result.unavailable['localize.detectors'] =
      `unit detectors need concept masks, which only the shapes domain has (this is ${ctx.task.structure.domain})`;
  } else {
    const all = await ctx.splitStates('test');
    // Units are dissected only where a unit can mean more than any other direction (not in a
    // pre-activation, as for k1/k4) and not in the output layer.
    const privileged = new Set(privilegedSites(ctx.sites()));
    const dissected = hiddenSites(ctx.sites(), outputWidth(ctx.task.heads)).filter((site) =>
      privileged.has(site),
    );
    const states = Object.fromEntries(dissected.map((site) => [site, all[site]!]));
    const detectors = { ...countDetectors(states, ctx.test.latents), sites: dissected };
    if (dissected.length === 0) {
      result.metrics['localize.detectors'] = null;
      result.unavailable['localize.detectors'] =
        'no site to dissect: every site is a pre-activation or the output layer';
    } else if (detectors.concepts.length === 0) {
      result.metrics['localize.detectors'] = null;
      result.unavailable['localize.detectors'] = 'no binary or categorical latent to form concepts from';
    } else {
      result.metrics['localize.detectors'] =
        detectors.concepts.filter((c) => c.detectors > 0).length / detectors.concepts.length;
      result.raw['localize.detectors'] = detectors;
    }
  }
  return result;
}

/**
 * The sites to dissect: all but an output layer (the last site, when it has one unit per output and
 * is not the only site), whose units are trained to be the output classes and so detect them trivially.
 */
export function hiddenSites(groups: readonly UnitGroup[], outputs: number): string[] {
  const last = groups[groups.length - 1];
  const drop = groups.length > 1 && last !== undefined && last.size === outputs;
  return groups.filter((g) => !(drop && g === last)).map((g) => g.site);
}

/** One concept (a latent taking one value) and how many units detect it. */
export interface ConceptDetectors {
  concept: string;
  baseRate: number;
  detectors: number;
  bestIoU: number;
}

/**
 * Network Dissection at the level of examples (a unit of a dense layer has no spatial map): concept c
 * is the set of examples where a latent takes one value; a unit "fires" on the examples where its
 * state is in its top quantile, the quantile matched to c's base rate r (so a perfect detector can
 * reach IoU 1); chance IoU for an unrelated unit is r / (2 − r); a unit detects c when its IoU is at
 * least DETECTOR_NORMALISED_IOU of the way from chance to 1.
 */
export function countDetectors(
  states: Readonly<Record<string, Matrix>>,
  latents: ReadonlyArray<{ name: string; kind: string; values: Float32Array }>,
): { concepts: ConceptDetectors[]; threshold: number } {
  const concepts: ConceptDetectors[] = [];
  for (const latent of latents) {
    if (latent.kind === 'continuous') continue;
    const n = latent.values.length;
    const values = [...new Set(latent.values)].sort((a, b) => a - b);
    const used = latent.kind === 'binary' ? values.filter((v) => v === 1) : values;
    for (const value of used) {
      const positive = new Uint8Array(n);
      let count = 0;
      for (let i = 0; i < n; i++) if (latent.values[i] === value) [positive[i], count] = [1, count + 1];
      if (count === 0 || count === n) continue;
      const r = count / n;
      const chance = r / (2 - r);
      let detectors = 0;
      let bestIoU = 0;
      for (const m of Object.values(states)) {
        for (let u = 0; u < m.cols; u++) {
          const order = Array.from({ length: m.rows }, (_, i) => i).sort(
            (a, b) => m.data[b * m.cols + u]! - m.data[a * m.cols + u]!,
          );
          let inter = 0;
          for (let k = 0; k < count; k++) inter += positive[order[k]!]!;
          const iou = inter / (2 * count - inter);
          bestIoU = Math.max(bestIoU, iou);
          if ((iou - chance) / (1 - chance) >= DETECTOR_NORMALISED_IOU) detectors++;
        }
      }
      concepts.push({ concept: `${latent.name}=${value}`, baseRate: r, detectors, bestIoU });
    }
  }
  return { concepts, threshold: DETECTOR_NORMALISED_IOU };
}
