import { check } from '@scrutable/core';

/**
 * States kept as x·e^((t − R)/τ) (fast-path potentials, STDP traces), which free decay leaves
 * unchanged, are rebased (R moved to t) before the factor grows past e^REBASE.
 */
export const REBASE = 100;

/**
 * Leaky integrate-and-fire parameters (ms, mV). Between events the membrane relaxes exactly:
 * τm dV/dt = (E_rest + bias − V) + I, with I = 0 for voltage-jump synapses, or τs dI/dt = −I for
 * exponential current synapses (a spike adds its weight, in mV, to I).
 */
export interface LifParams {
  /** Membrane time constant τm (ms). */
  readonly tauMs: number;
  /** Resting potential (mV). */
  readonly restMv: number;
  /** Potential after a spike (mV), held during the refractory period. */
  readonly resetMv: number;
  /** Base firing threshold (mV); the effective threshold is this plus the adaptive θ. */
  readonly thresholdMv: number;
  /** Absolute refractory period (ms); voltage-jump inputs arriving in it are discarded. */
  readonly refractoryMs: number;
  /** Jump of the adaptive threshold θ at each spike (mV); 0 disables homeostasis. */
  readonly thetaPlusMv: number;
  /** Decay time constant of θ (ms); Infinity keeps θ until changed. */
  readonly tauThetaMs: number;
  /** `jump`: a spike moves V by its weight at once; `exponential`: it adds its weight to a decaying current. */
  readonly synapse: 'jump' | 'exponential';
  /** Time constant τs of exponential current synapses (ms); must differ from τm. */
  readonly tauSynMs: number;
  /**
   * `true`: leaky integrate-and-fire. `false`: non-leaky integrate-and-fire, τm dV/dt = bias + I: the
   * −(V − E_rest) term is dropped, so V keeps what it receives and a bias (setBias, mV) raises it by
   * bias/τm mV per ms. Needs voltage-jump synapses and a θ that does not decay.
   */
  readonly leaky: boolean;
  /**
   * `value`: a spike sets V to `resetMv`. `subtract`: a spike lowers V by (threshold + θ − resetMv), so
   * what V held above threshold is kept (Rueckauer et al. 2017), and a neuron still above threshold
   * fires again at once. Needs `refractoryMs` 0 (nothing is held during refractoriness).
   */
  readonly reset: 'value' | 'subtract';
}

/** Defaults: a leaky 20 ms membrane, rest −65 mV, threshold −50 mV, reset to −65 mV, 2 ms refractory, no homeostasis. */
export const DEFAULT_LIF: LifParams = {
  tauMs: 20,
  restMv: -65,
  resetMv: -65,
  thresholdMv: -50,
  refractoryMs: 2,
  thetaPlusMv: 0,
  tauThetaMs: Number.POSITIVE_INFINITY,
  synapse: 'jump',
  tauSynMs: 5,
  leaky: true,
  reset: 'value',
};

/**
 * Pair-based STDP with exponential traces (Song, Miller & Abbott 2000; Morrison et al. 2008).
 * A post spike potentiates by A+·x_pre·f+(w), a pre spike arriving at the synapse depresses by
 * A−·y_post·f−(w). Additive: f± = 1. Multiplicative: f+ = w_max − w, f− = w − w_min.
 * `all-to-all`: a spike adds 1 to its trace; `nearest`: a spike resets its trace to 1 (symmetric
 * nearest-spike pairing). Weights are clipped to [w_min, w_max] after every update.
 */
export interface StdpRule {
  readonly aPlus: number;
  readonly aMinus: number;
  readonly tauPlusMs: number;
  readonly tauMinusMs: number;
  readonly wMin: number;
  readonly wMax: number;
  readonly dependence: 'additive' | 'multiplicative';
  readonly pairing: 'all-to-all' | 'nearest';
}

/** Defaults: Song et al. 2000 (A+ = 0.005, A− = 1.05·A+, τ± = 20 ms), additive, all-to-all, w in [0, 1]. */
export const DEFAULT_STDP: StdpRule = {
  aPlus: 0.005,
  aMinus: 0.00525,
  tauPlusMs: 20,
  tauMinusMs: 20,
  wMin: 0,
  wMax: 1,
  dependence: 'additive',
  pairing: 'all-to-all',
};

/** Complete and checked LIF parameters; throws BAD_INPUT on a non-physical value. */
export function lifParams(partial: Partial<LifParams> = {}): LifParams {
  const p = { ...DEFAULT_LIF, ...partial };
  check(p.tauMs > 0 && Number.isFinite(p.tauMs), `tauMs must be positive, got ${p.tauMs}`);
  for (const key of ['restMv', 'resetMv', 'thresholdMv'] as const)
    check(Number.isFinite(p[key]), `${key} must be finite, got ${p[key]}`);
  check(p.resetMv < p.thresholdMv, `resetMv (${p.resetMv}) must be below thresholdMv (${p.thresholdMv})`);
  check(p.refractoryMs >= 0 && Number.isFinite(p.refractoryMs), `refractoryMs must be >= 0`);
  check(p.thetaPlusMv >= 0 && Number.isFinite(p.thetaPlusMv), `thetaPlusMv must be >= 0`);
  check(p.tauThetaMs > 0, `tauThetaMs must be positive, got ${p.tauThetaMs}`);
  check(p.synapse === 'jump' || p.synapse === 'exponential', `synapse must be 'jump' or 'exponential'`);
  check(p.tauSynMs > 0 && Number.isFinite(p.tauSynMs), `tauSynMs must be positive, got ${p.tauSynMs}`);
  check(
    p.synapse === 'jump' || Math.abs(p.tauSynMs - p.tauMs) > 1e-9,
    'tauSynMs must differ from tauMs for exponential synapses',
  );
  check(p.leaky === true || p.leaky === false, `leaky must be true or false, got ${p.leaky}`);
  check(
    p.leaky || (p.synapse === 'jump' && p.tauThetaMs === Number.POSITIVE_INFINITY),
    'a non-leaky neuron needs voltage-jump synapses and tauThetaMs Infinity',
  );
  check(p.reset === 'value' || p.reset === 'subtract', `reset must be 'value' or 'subtract'`);
  check(
    p.reset === 'value' || p.refractoryMs === 0,
    'reset by subtraction keeps the potential a spike leaves, so it needs refractoryMs 0',
  );
  return p;
}

/** Complete and checked STDP rule; throws BAD_INPUT on a non-physical value. */
export function stdpRule(partial: Partial<StdpRule> = {}): StdpRule {
  const r = { ...DEFAULT_STDP, ...partial };
  for (const key of ['aPlus', 'aMinus'] as const)
    check(r[key] >= 0 && Number.isFinite(r[key]), `${key} must be a finite number >= 0, got ${r[key]}`);
  for (const key of ['tauPlusMs', 'tauMinusMs'] as const)
    check(r[key] > 0 && Number.isFinite(r[key]), `${key} must be positive, got ${r[key]}`);
  check(
    Number.isFinite(r.wMin) && Number.isFinite(r.wMax) && r.wMin < r.wMax,
    `weight bounds must be finite with wMin < wMax, got [${r.wMin}, ${r.wMax}]`,
  );
  check(
    r.dependence === 'additive' || r.dependence === 'multiplicative',
    `unknown dependence '${r.dependence}'`,
  );
  check(r.pairing === 'all-to-all' || r.pairing === 'nearest', `unknown pairing '${r.pairing}'`);
  return r;
}
