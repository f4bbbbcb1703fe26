import type { ParameterView, UnitGroup } from '@scrutable/core';
import type { AnalysisContext } from './context.js';
import { decodeTable, type LatentDecode } from './decode-table.js';
import { randomRotation, rotateStates } from './probes/rotation.js';
import { SiteProbe } from './probes/site-probe.js';
import type { ProbeTarget } from './probes/targets.js';
import { meanOf } from './types.js';

// Site and unit choice shared by the families: which sites mean what, and which units carry a latent.

/** A latent is localised only where its full probe reaches at least this normalised score. */
export const MIN_DECODABLE = 0.2;
/** Units in the larger sparse probe (and the units other families intervene on). */
export const SPARSE_UNITS = 4;
/** Ridge strength of sparse probes, as a multiple of the fitting examples (nearly unregularised). */
const SPARSE_LAMBDA_FACTOR = 1e-3;

/** Random rotations of a site whose greedy probes form the no-privileged-basis baseline. */
export const ROTATIONS = 2;
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

/**
 * The sites to dissect: all but an output layer (the last site, when it has one unit per output and
 * is not the only site), whose units are trained to be the output classes and so detect them trivially.
 */
export function hiddenSites(groups: readonly UnitGroup[], outputs: number): string[] {
  const last = groups[groups.length - 1];
  const drop = groups.length > 1 && last !== undefined && last.size === outputs;
  return groups.filter((g) => !(drop && g === last)).map((g) => g.site);
}

/**
 * Sites where steering means something: not the output layer, and not a site one linear map before
 * the readout (a weight view from it writes the output layer or the outputs directly), where adding
 * a class-mean difference flips any accurate readout whatever the substrate learned. A substrate
 * whose readout is not among its parameter views is judged by the output layer alone.
 */
export function steerableSites(
  groups: readonly UnitGroup[],
  parameters: readonly ParameterView[],
  outputs: number,
): string[] {
  const hidden = hiddenSites(groups, outputs);
  const siteNames = new Set(groups.map((g) => g.site));
  const readout = new Set(groups.map((g) => g.site).filter((s) => !hidden.includes(s)));
  const beforeReadout = new Set(
    parameters
      .filter((v) => v.from !== undefined && (readout.has(v.to) || !siteNames.has(v.to)))
      .map((v) => v.from!),
  );
  return hidden.filter((site) => !beforeReadout.has(site));
}
