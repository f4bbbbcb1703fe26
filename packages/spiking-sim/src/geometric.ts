/** Guide bins per table entry (see GeometricGaps). */
const GUIDE_BINS = 8;

/**
 * Geometric deviates by inversion, with a table in place of a logarithm per draw: the number of failures
 * before the first success of independent Bernoulli(p) trials, for a uniform u in [0, 1), is the smallest
 * k with P(G <= k) = 1 − (1 − p)^(k+1) > u — the same value as floor(log(1 − u) / log(1 − p)).
 * The first `size` values of that CDF are tabulated with a guide table (Chen & Asau 1974) that starts the
 * search next to the answer, so a draw costs about one comparison; the rare u beyond the table (the
 * tail) falls back to the logarithm. The guide has GUIDE_BINS bins per table entry: where the CDF is
 * flat (large k) one bin per entry would span several entries, and the search's varying length would
 * cost a mispredicted branch on most draws.
 */
export class GeometricGaps {
  private readonly cdf: Float64Array;
  private readonly guide: Int32Array;
  private readonly size: number;
  private readonly logq: number;

  /** Gaps for success probability p (0 < p < 1). */
  constructor(p: number) {
    this.logq = Math.log1p(-p);
    // About 4/p entries leave e^−4 ≈ 2% of draws to the tail; the cap bounds the table for tiny p.
    let size = 16;
    while (size < 4 / p && size < 4096) size *= 2;
    this.size = size;
    this.cdf = new Float64Array(size);
    for (let k = 0; k < size; k++) this.cdf[k] = -Math.expm1((k + 1) * this.logq);
    // guide[b] = the smallest k with cdf[k] > b / bins: where the search for any u in that bin starts.
    const bins = size * GUIDE_BINS;
    this.guide = new Int32Array(bins);
    let k = 0;
    for (let b = 0; b < bins; b++) {
      while (k < size && this.cdf[k]! <= b / bins) k++;
      this.guide[b] = k;
    }
  }

  /** The gap for uniform u in [0, 1). */
  gap(u: number): number {
    const cdf = this.cdf;
    const size = this.size;
    let k = this.guide[(u * size * GUIDE_BINS) | 0]!;
    while (k < size && u >= cdf[k]!) k++;
    return k < size ? k : Math.max(size, Math.floor(Math.log1p(-u) / this.logq));
  }
}
