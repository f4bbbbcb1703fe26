import { Rng } from '@scrutable/core';

/**
 * One example's input spikes, sorted by time: Poisson trains of the input channels (rate x·maxRateHz,
 * x clipped to [0, 1]) and, as the last channel, a clock firing regularly at clockRateHz (its weights
 * are the hidden neurons' biases). `counts` holds the spikes per channel.
 */
export interface InputTrains {
  readonly channels: Int32Array;
  readonly timesMs: Float64Array;
  readonly counts: Float64Array;
}

export interface Encoding {
  readonly maxRateHz: number;
  readonly clockRateHz: number;
}

/** Spikes of the clock channel in a window: one at the middle of each full period. */
export function clockSpikes(encoding: Encoding, windowMs: number): number {
  return Math.floor((windowMs * encoding.clockRateHz) / 1000);
}

/** Encodes input row `x` over `windowMs`; every draw comes from `seed`. */
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
    for (let t = rng.exponential(rate / 1000); t < windowMs; t += rng.exponential(rate / 1000)) {
      spikes.push({ channel: i, timeMs: t });
      counts[i]!++;
    }
  }
  const periodMs = 1000 / encoding.clockRateHz;
  const ticks = clockSpikes(encoding, windowMs);
  for (let k = 0; k < ticks; k++) spikes.push({ channel: x.length, timeMs: (k + 0.5) * periodMs });
  counts[x.length] = ticks;
  spikes.sort((a, b) => a.timeMs - b.timeMs || a.channel - b.channel);
  return {
    channels: Int32Array.from(spikes, (s) => s.channel),
    timesMs: Float64Array.from(spikes, (s) => s.timeMs),
    counts,
  };
}
