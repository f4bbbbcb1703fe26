import type { Matrix } from '@scrutable/core';
import { fourierSite, ONE_FREQUENCY_SHARE } from '../families/mechanism.js';

/** One hidden unit on modular addition: its site, its strongest frequency and that frequency's share. */
export interface FrequencyUnit {
  readonly site: string;
  readonly unit: number;
  /** The frequency k (1..(p-1)/2) holding the most of the unit's non-constant variance. */
  readonly frequency: number;
  /** That frequency's share of the unit's non-constant variance. */
  readonly share: number;
}

/** The units of the hidden activation sites of a network read on all p² pairs, one figure per unit. */
export interface FrequencyUnits {
  /** Units with more than 85% of their variance at one frequency, over units that vary (Nanda et al. 2023). */
  readonly oneFrequencyShare: number;
  readonly threshold: number;
  readonly varyingUnits: number;
  readonly units: readonly FrequencyUnit[];
  /** frequency k -> number of one-frequency units using it (the key frequencies). */
  readonly frequencies: Readonly<Record<string, number>>;
}

/**
 * Per-unit Fourier figures pooled over every given site (states on the p² grid, row a·p + b): a unit
 * counts when it varies over the grid; none is averaged into a site spectrum, so each unit's own
 * frequency and share stay visible. Null when no unit varies.
 */
export function frequencyUnits(
  sites: Readonly<Record<string, Matrix>>,
  p: number,
  basis: Float32Array,
): FrequencyUnits | null {
  const units: FrequencyUnit[] = [];
  for (const [site, states] of Object.entries(sites)) {
    const figures = fourierSite(states, p, basis);
    figures?.unitShare.forEach((share, unit) => {
      const frequency = figures.unitTopFrequency[unit];
      if (share !== null && frequency !== null && frequency !== undefined)
        units.push({ site, unit, frequency, share });
    });
  }
  if (units.length === 0) return null;
  const single = units.filter((u) => u.share > ONE_FREQUENCY_SHARE);
  const frequencies: Record<string, number> = {};
  for (const u of single) frequencies[u.frequency] = (frequencies[u.frequency] ?? 0) + 1;
  return {
    oneFrequencyShare: single.length / units.length,
    threshold: ONE_FREQUENCY_SHARE,
    varyingUnits: units.length,
    units,
    frequencies,
  };
}
