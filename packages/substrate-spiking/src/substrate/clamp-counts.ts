import type { Network } from '@scrutable/spiking-sim';

/**
 * Clamps units of a LIF population to spike counts per window. Each unit is silenced (forced at rate
 * 0, so its input no longer drives it) and fires n spikes, n = the number of k ≥ 0 with k + ½ < count
 * (round(count), halves down): its own spike times from the same presentation without the clamp
 * (`ownTimesMs`), evenly thinned when it fired more than n, and topped up with a regular train at
 * (k + ½)·window / extra when it fired fewer. A unit clamped to its own count therefore fires exactly
 * as it would have, and one with no own spikes fires at the rate count / window. Call after the
 * presentation's state reset.
 */
export function clampCounts(
  net: Network,
  population: string,
  units: readonly number[],
  counts: ArrayLike<number>,
  windowMs: number,
  ownTimesMs: readonly (readonly number[])[] = [],
): void {
  net.force(population, units, new Float64Array(units.length));
  units.forEach((u, k) => {
    for (const t of spikeTimes(counts[k]!, ownTimesMs[k] ?? [], windowMs)) net.injectSpike(population, u, t);
  });
}

/** The spike times of one clamped unit (see clampCounts). */
export function spikeTimes(count: number, own: readonly number[], windowMs: number): number[] {
  let n = 0;
  while (n + 0.5 < count) n++;
  if (own.length >= n)
    return Array.from({ length: n }, (_, j) => own[Math.floor(((j + 0.5) * own.length) / n)]!);
  const extra = n - own.length;
  return [...own, ...Array.from({ length: extra }, (_, j) => ((j + 0.5) * windowMs) / extra)];
}
