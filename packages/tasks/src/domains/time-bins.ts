/**
 * How a temporal task lays time out in one input row: the bins side by side, each holding every
 * channel, so input `t<bin>_<channel>` sits at `bin · channels + channel`.
 */

/**
 * Simulated duration of one bin, for substrates that present the bins in time (Bellec et al. 2020
 * present each cue for 100 ms; these trials are shorter).
 */
export const BIN_MS = 25;

/** Input names `t<bin>_<channel>`, bin by bin. */
export function timeBinNames(bins: number, channels: readonly string[]): string[] {
  return Array.from({ length: bins }, (_, b) => channels.map((c) => `t${b}_${c}`)).flat();
}

/** The input index of `channel` in `bin`, for a row of `channels` channels per bin. */
export function timeBinIndex(channels: number, bin: number, channel: number): number {
  return bin * channels + channel;
}
