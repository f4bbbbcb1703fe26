import { type Matrix, row } from '@scrutable/core';
import { type AnalysisContext, INPUT_SITE } from './context.js';
import type { ProbeTarget } from './probes/targets.js';
import { clamp01 } from './types.js';

/** A latent counts as "already in the input" when a linear probe on the raw inputs scores above this. */
export const INPUT_CEILING = 0.9;
/** Most latents probed per cell (a seeded sample when a task has more). */
export const MAX_LATENTS = 24;
/** Sites wider than this are not probed (the Gram matrix would dominate the cell's time). */
export const MAX_SITE_UNITS = 1024;

/** One site's probes for one latent (normalised scores; see probeScore). */
export interface SiteDecode {
  /** Probe on the unit states, scored on test. */
  probe: number;
  /** Same probe on the control task (values reassigned by input type), scored on test. */
  control: number;
  /** Probe score on the validation part of train (used to choose the site). */
  validation: number;
  lambda: number;
}

/** Everything decode learned about one latent. */
export interface LatentDecode {
  name: string;
  /** Index in the task's latents (for groundTruth overrides). */
  index: number;
  target: ProbeTarget;
  /** Probe on the raw inputs, scored on test. */
  input: number;
  /** False when the latent is already linear in the input (input probe > INPUT_CEILING). */
  informative: boolean;
  /** Site with the best validation probe score; null when nothing is decodable. */
  bestSite: string | null;
  sites: Record<string, SiteDecode>;
  /** min(gain over the input probe, probe − control) at the best site, clamped to [0, 1]. */
  selectivity: number | null;
}

/** The decode table: every probed latent at every site. Shared by the other families. */
export interface DecodeTable {
  latents: LatentDecode[];
  sites: string[];
  skippedSites: string[];
}

/** Probes every (sampled) latent at every site; computed once per cell. */
export function decodeTable(ctx: AnalysisContext): Promise<DecodeTable> {
  return ctx.memo('decode.table', async () => {
    const groups = ctx.sites();
    const sites = groups.filter((g) => g.size <= MAX_SITE_UNITS).map((g) => g.site);
    const skippedSites = groups.filter((g) => g.size > MAX_SITE_UNITS).map((g) => g.site);
    const targets = ctx.latentTargets();
    let chosen = targets.map((_, i) => i);
    if (chosen.length > MAX_LATENTS)
      chosen = ctx
        .rng('decode.latents')
        .permutation(chosen.length)
        .slice(0, MAX_LATENTS)
        .sort((a, b) => a - b);
    const inputProbe = await ctx.probe(INPUT_SITE);
    const controlRng = ctx.rng('decode.control');
    const latents: LatentDecode[] = [];
    for (const index of chosen) {
      const target = targets[index]!;
      const control = controlTarget(target, ctx.train.inputs, ctx.test.inputs, controlRng.fork(index));
      const input = inputProbe.evaluate(target).test;
      const perSite: Record<string, SiteDecode> = {};
      let bestSite: string | null = null;
      for (const site of sites) {
        const probe = await ctx.probe(site);
        const real = probe.evaluate(target);
        const ctrl = probe.evaluate(control);
        perSite[site] = {
          probe: real.test,
          control: Number.isFinite(ctrl.test) ? ctrl.test : 0,
          validation: real.validation,
          lambda: real.lambda,
        };
        if (
          Number.isFinite(real.validation) &&
          (bestSite === null || real.validation > perSite[bestSite]!.validation)
        )
          bestSite = site;
      }
      const informative = !(input > INPUT_CEILING);
      let selectivity: number | null = null;
      if (bestSite !== null && Number.isFinite(perSite[bestSite]!.probe)) {
        const s = perSite[bestSite]!;
        const base = Number.isFinite(input) ? Math.max(0, input) : 0;
        const gain = (s.probe - base) / (1 - base);
        selectivity = clamp01(Math.min(gain, s.probe - s.control));
      }
      latents.push({
        name: target.name,
        index,
        target,
        input,
        informative,
        bestSite,
        sites: perSite,
        selectivity,
      });
    }
    return { latents, sites, skippedSites };
  });
}

/**
 * Hewitt & Liang's control task for a latent: every distinct input row (an input "type") gets a value
 * drawn from the latent's training distribution, the same value wherever that type recurs (train or
 * test). A probe that scores well on it is memorising inputs, not reading the latent.
 */
export function controlTarget(
  target: ProbeTarget,
  train: Matrix,
  test: Matrix,
  rng: ReturnType<AnalysisContext['rng']>,
): ProbeTarget {
  const assigned = new Map<string, number>();
  const controlValue = (m: Matrix, i: number): number => {
    const key = row(m, i).join(',');
    let v = assigned.get(key);
    if (v === undefined) {
      v = target.train[rng.int(target.train.length)]!;
      assigned.set(key, v);
    }
    return v;
  };
  return {
    ...target,
    name: `${target.name}~control`,
    train: Float32Array.from({ length: train.rows }, (_, i) => controlValue(train, i)),
    test: Float32Array.from({ length: test.rows }, (_, i) => controlValue(test, i)),
  };
}
