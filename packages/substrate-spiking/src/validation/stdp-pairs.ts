import { type StdpRule, stdpRule } from '@scrutable/spiking-sim';
import { DEFAULT_SIMULATOR, type SimulatorClass } from './simulator.js';

/** One Δt of the pairing protocol: the weight change the simulator gave and the per-pair computation's. */
export interface StdpPairPoint {
  readonly dtMs: number;
  readonly measured: number;
  readonly expected: number;
}

/** Δt = t_post − t_pre at the synapse (ms), with and without overlap between neighbouring pairs. */
export const STDP_PAIR_DT_MS: readonly number[] = [-60, -30, -15, -6, -2, 2, 6, 15, 30, 60];
/** Two pre and two post spikes per pairing, this far apart: close enough that the pairing mode matters. */
const BURST_GAP_MS = 7.3;
const PAIRING_PERIOD_MS = 1000;
const DELAY_MS = 1;

/**
 * The rule applied pair by pair, as an explicit sum over spike pairs (all-to-all) or over the latest
 * earlier spike (nearest), in time order, with its weight dependence and bounds. Independent of the
 * simulator's traces. `preArrivals` are the presynaptic spikes' arrival times at the synapse.
 */
export function perPairStdp(
  rule: StdpRule,
  preArrivals: readonly number[],
  post: readonly number[],
  w0: number,
): number {
  const events = [
    ...preArrivals.map((t) => ({ t, post: false })),
    ...post.map((t) => ({ t, post: true })),
  ].sort((a, b) => a.t - b.t);
  const sum = (times: readonly number[], t: number, tau: number) => {
    const earlier = times.filter((s) => s < t);
    if (earlier.length === 0) return 0;
    if (rule.pairing === 'nearest') return Math.exp(-(t - earlier[earlier.length - 1]!) / tau);
    return earlier.reduce((total, s) => total + Math.exp(-(t - s) / tau), 0);
  };
  let w = w0;
  for (const e of events) {
    if (e.post)
      w +=
        rule.aPlus *
        sum(preArrivals, e.t, rule.tauPlusMs) *
        (rule.dependence === 'additive' ? 1 : rule.wMax - w);
    else
      w -=
        rule.aMinus * sum(post, e.t, rule.tauMinusMs) * (rule.dependence === 'additive' ? 1 : w - rule.wMin);
    w = Math.min(rule.wMax, Math.max(rule.wMin, w));
  }
  return w;
}

/**
 * Runs the pairing protocol on one plastic synapse for each Δt: `pairings` pairings 1 s apart, each
 * two presynaptic spikes BURST_GAP_MS apart and two postsynaptic spikes Δt after each, so that
 * all-to-all and nearest pairing give different changes. Compares the weight change with perPairStdp.
 */
export function measureStdpPairs(
  partialRule: Partial<StdpRule>,
  simulator: SimulatorClass = DEFAULT_SIMULATOR,
  pairings = 3,
): { rule: StdpRule; points: StdpPairPoint[]; maxRelativeError: number } {
  const rule = stdpRule(partialRule);
  const w0 = 0.5 * (rule.wMin + rule.wMax);
  const points = STDP_PAIR_DT_MS.map((dtMs) => {
    const net = new simulator({ seed: 0 });
    net.addSource('pre', 1);
    // A threshold far above any input: the neuron spikes only when its spikes are injected.
    net.addLif('post', 1, { restMv: -70, resetMv: -70, thresholdMv: 1e6, refractoryMs: 0 });
    net.connectSynapses('pre', 'post', { pre: [0], post: [0], weights: [w0], delaysMs: [DELAY_MS] }, rule);
    const arrivals: number[] = [];
    const posts: number[] = [];
    for (let k = 0; k < pairings; k++) {
      const start = PAIRING_PERIOD_MS * (k + 1);
      for (const offset of [0, BURST_GAP_MS]) {
        arrivals.push(start + offset);
        posts.push(start + offset + dtMs);
      }
    }
    for (const t of arrivals) net.injectSpike('pre', 0, t - DELAY_MS);
    for (const t of posts) net.injectSpike('post', 0, t);
    net.run(PAIRING_PERIOD_MS * (pairings + 1));
    return {
      dtMs,
      measured: net.weights('pre', 'post')[0]! - w0,
      expected: perPairStdp(rule, arrivals, posts, w0) - w0,
    };
  });
  let maxRelativeError = 0;
  for (const p of points)
    maxRelativeError = Math.max(maxRelativeError, Math.abs(p.measured - p.expected) / Math.abs(p.expected));
  return { rule, points, maxRelativeError };
}
