import { Rng } from '@scrutable/core';

/**
 * One example's input spikes, sorted by time: one train per input channel at rate x·maxRateHz (x clipped
 * to [0, 1]), regular or Poisson, and, as the last channel, a clock firing regularly at clockRateHz (its
 * weights are the hidden neurons' biases). `counts` holds the spikes per channel.
 */
export interface InputTrains {
  readonly channels: Int32Array;
  readonly timesMs: Float64Array;
  readonly counts: Float64Array;
}

/**
 * How an input value becomes spikes: `regular` fires evenly spaced spikes (one at the middle of each
 * period 1000/rate ms), so a value always sends the same spikes; `poisson` draws them at that rate.
 */
export type InputCoding = 'regular' | 'poisson';

export interface Encoding {
  readonly maxRateHz: number;
  readonly clockRateHz: number;
  readonly coding: InputCoding;
}

/**
 * Spike times (ms) of a regular train at `rateHz` in a window: (k + ½)·1000/rate for every k whose time
 * falls inside it, i.e. rate × window rounded (halves down) spikes. The clock fires this way too.
 */
export function regularTimes(rateHz: number, windowMs: number): number[] {
  if (rateHz <= 0) return [];
  const periodMs = 1000 / rateHz;
  const times: number[] = [];
  for (let k = 0; (k + 0.5) * periodMs < windowMs; k++) times.push((k + 0.5) * periodMs);
  return times;
}

/** Spikes of the clock channel in a window. */
export function clockSpikes(encoding: Encoding, windowMs: number): number {
  return regularTimes(encoding.clockRateHz, windowMs).length;
}

/** Encodes input row `x` over `windowMs`; every draw (Poisson coding only) comes from `seed`. */
export function inputTrains(
  x: ArrayLike<number>,
  encoding: Encoding,
  windowMs: number,
  seed: number,
): InputTrains {
  const rng = new Rng(seed);
  const spikes: { channel: number; timeMs: number }[] = [];
  const counts = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) {
    const rate = Math.min(1, Math.max(0, x[i]!)) * encoding.maxRateHz;
    if (rate <= 0) continue;
    if (encoding.coding === 'regular')
      for (const t of regularTimes(rate, windowMs)) spikes.push({ channel: i, timeMs: t });
    else
      for (let t = rng.exponential(rate / 1000); t < windowMs; t += rng.exponential(rate / 1000))
        spikes.push({ channel: i, timeMs: t });
  }
  for (const t of regularTimes(encoding.clockRateHz, windowMs)) spikes.push({ channel: x.length, timeMs: t });
  for (const s of spikes) counts[s.channel]!++;
  spikes.sort((a, b) => a.timeMs - b.timeMs || a.channel - b.channel);
  return {
    channels: Int32Array.from(spikes, (s) => s.channel),
    timesMs: Float64Array.from(spikes, (s) => s.timeMs),
    counts,
  };
}
