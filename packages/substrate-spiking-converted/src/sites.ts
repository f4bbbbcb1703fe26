import type { UnitGroup } from '@scrutable/core';

/** Where an intervention or a reading lands: hidden layer l's drive or counts, or the readout's drive. */
export type SiteRef =
  | { readonly kind: 'drive' | 'counts'; readonly layer: number }
  | { readonly kind: 'readout' };

export const READOUT_SITE = 'out.drive';
export const driveSite = (l: number): string => `h${l}.drive`;
export const countsSite = (l: number): string => `h${l}.counts`;

/** The sites of a network with these hidden sizes and readout width, in layer order. */
export function siteGroups(hiddenSizes: readonly number[], outputs: number): UnitGroup[] {
  const groups: UnitGroup[] = [];
  hiddenSizes.forEach((size, l) => {
    groups.push({ site: driveSite(l), size, state: 'preactivation' });
    groups.push({ site: countsSite(l), size, state: 'spike-count' });
  });
  groups.push({ site: READOUT_SITE, size: outputs, state: 'preactivation' });
  return groups;
}

/** The layer and kind a site name denotes (names come validated by BaseSubstrate). */
export function parseSite(site: string): SiteRef {
  if (site === READOUT_SITE) return { kind: 'readout' };
  const match = /^h(\d+)\.(drive|counts)$/.exec(site)!;
  return { kind: match[2] as 'drive' | 'counts', layer: Number(match[1]) };
}
