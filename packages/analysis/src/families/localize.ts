import { type Matrix, outputWidth } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { type AnalysisFamily, type Design, meanScore } from '../family.js';
import { allUnavailable, clamp01, type FamilyResult, meanOf } from '../types.js';
import { hiddenSites, latentUnits, MIN_DECODABLE, privilegedSites, SPARSE_UNITS } from '../units.js';

/** A unit detects a concept when its IoU is at least this far from chance toward perfect. */
export const DETECTOR_NORMALISED_IOU = 0.5;
/** Smallest mean gap between the full probe and the rotated baseline for localisation to be measurable. */
export const MIN_LOCALIZABLE_GAP = 0.05;

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
      // Where k directions of any basis already decode as well as the full probe (a small site), k
      // units cannot be told from k directions; what fewer units achieved still holds for k (a
      // latent found in one unit is found in four), so k4 takes k1's score. Otherwise nothing is found.
      const fewer = id === 'localize.k4' ? result.metrics['localize.k1'] : null;
      result.metrics[id] = measurable ? clamp01(value) : typeof fewer === 'number' ? fewer : null;
      if (result.metrics[id] === null)
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

/** Sparse probing needs a latent and a site with a privileged basis. */
function sparseApplies(d: Design): string | null {
  if (!d.traits.latents) return 'the task has no latents';
  return privilegedSites(d.sites).length
    ? null
    : 'every site is a pre-activation: no site has a privileged basis';
}

/** localize: how few of the substrate's own units carry a latent, against a rotated basis. */
export const localize: AnalysisFamily = {
  id: 'localize',
  metrics: [
    { id: 'localize.k1', needs: ['observe'], applies: sparseApplies },
    { id: 'localize.k4', needs: ['observe'], applies: sparseApplies },
    {
      id: 'localize.detectors',
      needs: ['observe'],
      applies: (d) => {
        if (!d.traits.conceptMasks) return 'unit detectors need concept masks, which this task does not have';
        const privileged = new Set(privilegedSites(d.sites));
        return hiddenSites(d.sites, d.outputWidth).some((s) => privileged.has(s))
          ? null
          : 'no site to dissect: every site is a pre-activation or the output layer';
      },
    },
  ],
  inIndex: true,
  score: meanScore(['localize.k1', 'localize.k4', 'localize.detectors']),
  run: analyzeLocalize,
};
