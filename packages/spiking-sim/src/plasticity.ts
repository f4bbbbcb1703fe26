import { REBASE, type StdpRule } from './params.js';
import type { ProjectionData } from './projection.js';

// Pair-based STDP on a projection's traces (stored relative to a reference time: see ProjectionData).

/**
 * e^((t − R)/τ+) for the traces of projection p, rebasing R to t first when either factor would grow
 * past e^REBASE.
 */
export function traceGain(p: ProjectionData, rule: StdpRule, t: number): number {
  const x = (t - p.traceReference) / Math.min(rule.tauPlusMs, rule.tauMinusMs);
  if (x > REBASE) {
    const plus = Math.exp((p.traceReference - t) / rule.tauPlusMs);
    const minus = Math.exp((p.traceReference - t) / rule.tauMinusMs);
    for (let i = 0; i < p.preTrace.length; i++) p.preTrace[i]! *= plus;
    for (let i = 0; i < p.postTrace.length; i++) p.postTrace[i]! *= minus;
    p.traceReference = t;
  }
  return Math.exp((t - p.traceReference) / rule.tauPlusMs);
}

/** Postsynaptic spike of global neuron j: post trace, then potentiation of every incoming synapse. */
export function onPostSpike(p: ProjectionData, rule: StdpRule, j: number, t: number): void {
  const plusGain = traceGain(p, rule, t);
  const minusGain = Math.exp((t - p.traceReference) / rule.tauMinusMs);
  const jl = j - p.toPop.offset;
  p.postTrace[jl] = rule.pairing === 'nearest' ? minusGain : p.postTrace[jl]! + minusGain;
  const additive = rule.dependence === 'additive';
  const { aPlus, wMin, wMax } = rule;
  const { preTrace, inGroup, inSyn, weight } = p;
  const end = p.inPtr[jl + 1]!;
  for (let s = p.inPtr[jl]!; s < end; s++) {
    const x = preTrace[inGroup[s]!]! / plusGain;
    if (x === 0) continue;
    const k = inSyn[s]!;
    const w = weight[k]!;
    weight[k] = clip(w + aPlus * x * (additive ? 1 : wMax - w), wMin, wMax);
  }
}

/** w clipped to [lo, hi]. */
export function clip(w: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, w));
}
