import type { Network } from '../sim/network.js';

/**
 * Clamps units of a LIF population to spike counts per window: each is silenced (forced at rate 0, so
 * its input no longer matters) and fires a regular train at count / window, spikes at
 * (k + ½)·window / count, which is round(count) spikes in the window. Call after the presentation's
 * state reset.
 */
export function clampCounts(
  net: Network,
  population: string,
  units: readonly number[],
  counts: ArrayLike<number>,
  windowMs: number,
): void {
  net.force(population, units, new Float64Array(units.length));
  units.forEach((u, k) => {
    const count = counts[k]!;
    for (let spike = 0; spike + 0.5 < count; spike++)
      net.injectSpike(population, u, ((spike + 0.5) * windowMs) / count);
  });
}
