import type { AnalysisContext } from '../context.js';
import { countDetectors } from '../families/localize.js';
import { randomRotation, rotateStates } from '../probes/rotation.js';
import { unitSites } from './unit-sites.js';

/** Random rotations averaged over for the rotated count. */
export const ROTATIONS = 3;

/** Concept detectors in the units' own basis against a randomly rotated basis of the same sites. */
export interface RotatedDissection {
  readonly sites: readonly string[];
  readonly concepts: number;
  /** Concepts with at least one detector unit (Network Dissection's "unique detectors"). */
  readonly uniqueDetectors: number;
  /** (unit, concept) pairs where the unit detects the concept. */
  readonly detections: number;
  /** The same two counts in a randomly rotated basis, mean over ROTATIONS rotations. */
  readonly rotatedUniqueDetectors: number;
  readonly rotatedDetections: number;
  /** 1 − rotated / own-basis unique detectors (Bau et al. 2017: about 0.8); null when there is none. */
  readonly drop: number | null;
}

/**
 * Bau et al.'s (2017) rotation test on the shapes domain: concept detectors are counted (as the
 * localize family counts them) on the test states of every privileged hidden site, then again after a
 * seeded random rotation of each site's basis. A rotation keeps everything a linear readout can find,
 * so detectors that disappear were a property of the basis the network learned.
 */
export async function rotatedDissection(ctx: AnalysisContext): Promise<RotatedDissection | string> {
  if (ctx.task.structure.domain !== 'shapes') return 'concept masks exist only in the shapes domain';
  if (!ctx.can('observe')) return 'substrate cannot be observed';
  const sites = unitSites(ctx);
  if (sites.length === 0) return 'no privileged hidden site to dissect';
  const all = await ctx.splitStates('test');
  const count = (states: Record<string, (typeof all)[string]>) => {
    const { concepts } = countDetectors(states, ctx.test.latents);
    return {
      concepts: concepts.length,
      unique: concepts.filter((c) => c.detectors > 0).length,
      detections: concepts.reduce((n, c) => n + c.detectors, 0),
    };
  };
  const own = count(Object.fromEntries(sites.map((s) => [s, all[s]!])));
  if (own.concepts === 0) return 'no binary or categorical latent to form concepts from';
  const rng = ctx.rng('evidence.dissection.rotation');
  let rotatedUnique = 0;
  let rotatedDetections = 0;
  for (let r = 0; r < ROTATIONS; r++) {
    const rotated = count(
      Object.fromEntries(
        sites.map((s) => [s, rotateStates(all[s]!, randomRotation(all[s]!.cols, rng.fork(`${s}.${r}`)))]),
      ),
    );
    rotatedUnique += rotated.unique / ROTATIONS;
    rotatedDetections += rotated.detections / ROTATIONS;
  }
  return {
    sites,
    concepts: own.concepts,
    uniqueDetectors: own.unique,
    detections: own.detections,
    rotatedUniqueDetectors: rotatedUnique,
    rotatedDetections,
    drop: own.unique > 0 ? 1 - rotatedUnique / own.unique : null,
  };
}
