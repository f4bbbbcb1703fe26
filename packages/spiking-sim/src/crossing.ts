/**
 * First time s >= 0 at which f(s) = D + Σ a_i·exp(−s/τ_i) reaches 0, given f(0) < 0; Infinity when it
 * never does within `horizonMs`. This is the distance to threshold of a LIF neuron between events
 * (membrane, synaptic current and adaptive-threshold terms are each one exponential).
 *
 * Method: interval branch-and-bound, earliest interval first. Every term is monotone in s, so on
 * [s0, s1] f is bounded above by D + Σ max(a_i·e^(−s0/τ_i), a_i·e^(−s1/τ_i)); intervals whose bound is
 * negative cannot hold a crossing and are dropped, the others are halved down to `bracketMs`. The first
 * leaf whose right end has f >= 0 brackets the crossing, which bisection then locates to `toleranceMs`.
 * A crossing and re-crossing both inside one leaf (a touch lasting under `bracketMs`) is not seen.
 */
export function firstCrossing(
  d: number,
  amplitudes: readonly number[],
  taus: readonly number[],
  horizonMs: number,
  bracketMs = 1e-3,
  toleranceMs = 1e-10,
): number {
  const f = (s: number): number => {
    let v = d;
    for (let i = 0; i < amplitudes.length; i++) v += amplitudes[i]! * Math.exp(-s / taus[i]!);
    return v;
  };
  const bound = (s0: number, s1: number): number => {
    let v = d;
    for (let i = 0; i < amplitudes.length; i++) {
      const a = amplitudes[i]!;
      v += a > 0 ? a * Math.exp(-s0 / taus[i]!) : a * Math.exp(-s1 / taus[i]!);
    }
    return v;
  };
  // Depth-first over intervals, left halves first, so the first bracket found is the earliest.
  const stack: number[] = [0, horizonMs];
  while (stack.length > 0) {
    const s1 = stack.pop()!;
    const s0 = stack.pop()!;
    if (bound(s0, s1) < 0) continue;
    if (s1 - s0 > bracketMs) {
      const mid = 0.5 * (s0 + s1);
      stack.push(mid, s1, s0, mid);
      continue;
    }
    if (f(s1) < 0) continue;
    let lo = s0;
    let hi = s1;
    while (hi - lo > toleranceMs) {
      const mid = 0.5 * (lo + hi);
      if (f(mid) >= 0) hi = mid;
      else lo = mid;
    }
    return hi;
  }
  return Number.POSITIVE_INFINITY;
}
