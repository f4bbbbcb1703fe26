import type { UnitGroup } from '@scrutable/core';

/** The hidden layer's synaptic drive: mV its synapses deliver over the window (jumps × presynaptic spikes). */
export const DRIVE_SITE = 'h0.drive';
/** The hidden layer's spike counts over the window. */
export const COUNTS_SITE = 'h0.counts';

export function siteGroups(hidden: number): UnitGroup[] {
  return [
    { site: DRIVE_SITE, size: hidden, state: 'synaptic-drive' },
    { site: COUNTS_SITE, size: hidden, state: 'spike-count' },
  ];
}
