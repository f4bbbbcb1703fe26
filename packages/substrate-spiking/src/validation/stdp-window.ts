import { Network, type StdpRule, stdpRule } from '@scrutable/spiking-sim';

/** One point of the STDP window: Δt = t_post − t_pre (at the synapse) and the weight change per pairing. */
export interface StdpPoint {
  readonly dtMs: number;
  readonly measured: number;
  readonly expected: number;
}

/** The measured STDP window against the configured rule. */
export interface StdpWindowResult {
  readonly rule: StdpRule;
  readonly pairings: number;
  readonly points: StdpPoint[];
  /** Largest |measured − expected| / |expected| over the points. */
  readonly maxRelativeError: number;
}

/** Δt grid (ms) of the window: −100..100, denser near 0, without 0 (where order decides). */
export const STDP_WINDOW_DT_MS: readonly number[] = [
  -100, -80, -60, -50, -40, -30, -25, -20, -15, -10, -7, -5, -3, -2, -1, 1, 2, 3, 5, 7, 10, 15, 20, 25, 30,
  40, 50, 60, 80, 100,
];

/** The configured rule's weight change for one isolated pairing (additive, far from the bounds). */
export function expectedStdp(rule: StdpRule, dtMs: number): number {
  return dtMs > 0
    ? rule.aPlus * Math.exp(-dtMs / rule.tauPlusMs)
    : -rule.aMinus * Math.exp(dtMs / rule.tauMinusMs);
}

/**
 * Runs the simulator on a two-neuron pairing protocol: a source neuron and a LIF neuron, one plastic
 * synapse (1 ms delay, too weak to make the LIF fire), both forced to spike `pairings` times per Δt,
 * 1 s apart so traces have decayed (e^−50) between pairings. The weight change per pairing is compared
 * with the rule's closed form.
 */
export function measureStdpWindow(
  partialRule: Partial<StdpRule> = {},
  pairings = 5,
  dts: readonly number[] = STDP_WINDOW_DT_MS,
): StdpWindowResult {
  const rule = stdpRule({ wMin: -1, wMax: 1, dependence: 'additive', ...partialRule });
  const delayMs = 1;
  const w0 = 0.5 * (rule.wMin + rule.wMax);
  const points = dts.map((dtMs) => {
    const net = new Network({ seed: 0 });
    net.addSource('pre', 1);
    net.addLif('post', 1, { restMv: -70, resetMv: -70, thresholdMv: -50, refractoryMs: 0 });
    net.connectSynapses('pre', 'post', { pre: [0], post: [0], weights: [w0], delaysMs: [delayMs] }, rule);
    for (let k = 0; k < pairings; k++) {
      const arrival = 1000 * (k + 1);
      net.injectSpike('pre', 0, arrival - delayMs);
      net.injectSpike('post', 0, arrival + dtMs);
    }
    net.run(1000 * (pairings + 1));
    const measured = (net.weights('pre', 'post')[0]! - w0) / pairings;
    return { dtMs, measured, expected: expectedStdp(rule, dtMs) };
  });
  let maxRelativeError = 0;
  for (const p of points)
    maxRelativeError = Math.max(maxRelativeError, Math.abs(p.measured - p.expected) / Math.abs(p.expected));
  return { rule, pairings, points, maxRelativeError };
}
