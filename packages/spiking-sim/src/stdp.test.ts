import { Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { Network } from './network.js';
import { type StdpRule, stdpRule } from './params.js';

/** Random spike times (ms) on (0, duration), sorted, with no two closer than 0.01 ms. */
function train(rng: Rng, count: number, duration: number): number[] {
  return Array.from({ length: count }, () => rng.uniform(1, duration - 1))
    .sort((a, b) => a - b)
    .filter((t, i, all) => i === 0 || t - all[i - 1]! > 0.01);
}

/** The simulator: one source -> one LIF synapse (delay d), both neurons forced to the given trains. */
function simulate(
  rule: StdpRule,
  pre: number[],
  post: number[],
  w0: number,
  delay: number,
  duration: number,
) {
  const net = new Network();
  net.addSource('pre', 1);
  // A threshold far above any input: the LIF spikes only when forced.
  net.addLif('post', 1, { restMv: -70, resetMv: -70, thresholdMv: 1e6, refractoryMs: 0 });
  net.connectSynapses('pre', 'post', { pre: [0], post: [0], weights: [w0], delaysMs: [delay] }, rule);
  for (const t of pre) net.injectSpike('pre', 0, t);
  for (const t of post) net.injectSpike('post', 0, t);
  net.run(duration + delay + 1);
  return net.weights('pre', 'post')[0]!;
}

/**
 * Independent reference: walks the merged event list in time order and recomputes each trace as an
 * explicit sum over all earlier spikes (all-to-all) or from the latest one (nearest), then applies the
 * rule with its weight dependence and bounds.
 */
function reference(rule: StdpRule, preArrivals: number[], post: number[], w0: number): number {
  const events = [
    ...preArrivals.map((t) => ({ t, kind: 'pre' as const })),
    ...post.map((t) => ({ t, kind: 'post' as const })),
  ].sort((a, b) => a.t - b.t);
  const trace = (times: number[], t: number, tau: number) => {
    const earlier = times.filter((s) => s < t);
    if (earlier.length === 0) return 0;
    if (rule.pairing === 'nearest') return Math.exp(-(t - earlier[earlier.length - 1]!) / tau);
    return earlier.reduce((sum, s) => sum + Math.exp(-(t - s) / tau), 0);
  };
  let w = w0;
  for (const e of events) {
    if (e.kind === 'post') {
      const x = trace(preArrivals, e.t, rule.tauPlusMs);
      w += rule.aPlus * x * (rule.dependence === 'additive' ? 1 : rule.wMax - w);
    } else {
      const y = trace(post, e.t, rule.tauMinusMs);
      w -= rule.aMinus * y * (rule.dependence === 'additive' ? 1 : w - rule.wMin);
    }
    w = Math.min(rule.wMax, Math.max(rule.wMin, w));
  }
  return w;
}

describe('pair-based STDP against an explicit sum over spike pairs', () => {
  const cases: [string, Partial<StdpRule>][] = [
    ['additive, all-to-all', { dependence: 'additive', pairing: 'all-to-all', wMin: -10, wMax: 10 }],
    ['additive, nearest', { dependence: 'additive', pairing: 'nearest', wMin: -10, wMax: 10 }],
    ['multiplicative, all-to-all', { dependence: 'multiplicative', pairing: 'all-to-all' }],
    ['multiplicative, nearest', { dependence: 'multiplicative', pairing: 'nearest', tauMinusMs: 35 }],
    [
      'additive, clipped at tight bounds',
      { dependence: 'additive', aPlus: 0.05, aMinus: 0.06, wMin: 0.4, wMax: 0.6 },
    ],
  ];
  for (const [label, partial] of cases) {
    it(label, () => {
      const rule = stdpRule({ aPlus: 0.01, aMinus: 0.012, ...partial });
      const rng = new Rng(label.length);
      for (let trial = 0; trial < 5; trial++) {
        const duration = 500;
        const delay = 1.5;
        const pre = train(rng, 40, duration);
        const post = train(rng, 30, duration);
        const w0 = 0.5;
        const got = simulate(rule, pre, post, w0, delay, duration);
        const want = reference(
          rule,
          pre.map((t) => t + delay),
          post,
          w0,
        );
        expect(Math.abs(got - want)).toBeLessThan(1e-9);
        expect(got).not.toBe(w0);
      }
    });
  }
});
