import { firstCrossing } from './crossing.js';
import { NetworkStructure } from './network-structure.js';
import * as layout from './neuron-layout.js';
import { REBASE } from './params.js';

// Module-local copies: the hot loops read these as constants, which an imported binding is not
// (reading them through the import made benchmark 4 about 7% slower).
const {
  CROSSING_HORIZON_TAUS,
  DUE_TOLERANCE,
  GAP,
  HOT,
  KEY_MARGIN_MV,
  KEY_Q,
  MODE_CURRENT,
  MODE_FAST,
  MODE_FORCED,
  MODE_INTEGRATE,
  MODE_JUMP,
  MS_PER_S,
  REF_END,
} = layout;

/**
 * Neuron dynamics: each neuron's state brought forward exactly between events, the prediction of its
 * next threshold crossing (its key in the neuron queue), and what happens when that key comes up.
 */
export abstract class NeuronDynamics extends NetworkStructure {
  /** Whether a neuron's free evolution can reach threshold on its own (needs a predicted crossing). */
  protected updateDrift(j: number): void {
    this.hot[HOT * j + GAP] = this.threshold[j]! + this.theta[j]! - this.restEff[j]!;
    this.drift[j] =
      this.mode[j] === MODE_CURRENT ||
      this.restEff[j]! > this.threshold[j]! ||
      (this.mode[j] === MODE_INTEGRATE && this.restEff[j]! > this.rest[j]!) ||
      (this.thetaPlus[j]! > 0 && this.invTauTheta[j]! > 0) ||
      (this.theta[j]! !== 0 && this.invTauTheta[j]! > 0)
        ? 1
        : 0;
  }

  protected drawPoisson(j: number, t: number): void {
    const r = this.rate[j]!;
    this.heap.update(j, r > 0 ? t + MS_PER_S * this.rng.exponential(r) : Number.POSITIVE_INFINITY);
  }

  /**
   * Where a neuron off the fast path starts a presentation: the rest its bias sets when leaky, the
   * resting potential itself when not (a non-leaky neuron has no rest to drift to; its bias is a drive).
   */
  protected restingPotential(j: number): number {
    return this.mode[j] === MODE_INTEGRATE || this.baseMode[j] === MODE_INTEGRATE
      ? this.rest[j]!
      : this.restEff[j]!;
  }

  /** Puts a LIF neuron at rest now and predicts its next crossing. */
  protected settle(j: number): void {
    this.hot[HOT * j] = this.mode[j] === MODE_FAST ? 0 : this.restingPotential(j);
    this.current[j] = 0;
    this.last[j] = this.now;
    this.hot[HOT * j + REF_END] = this.now;
    this.schedule(j);
  }

  /**
   * Fast path: a voltage-jump neuron with a constant threshold stores q = (V − E)·e^((t − R)/τ), which
   * free decay leaves unchanged, so an input at t adds w·e^((t − R)/τ) and the threshold test compares q
   * with (θ_total − E)·e^((t − R)/τ): one exponential per delivery for all its targets, none per synapse.
   * Returns e^((t − R)/τ) for population `pop`, rebasing R to t first when it grows too large.
   * Simultaneous deliveries and spikes (zero delays) reuse the value; keeping it in memory also keeps
   * the exponential out of the delivery loop, where the compiler would otherwise recompute it per synapse.
   */
  protected fastGain(pop: number, t: number): number {
    if (this.gainTime[pop] === t) return this.gainValue[pop]!;
    const invTau = this.popInvTau[pop]!;
    const x = (t - this.popReference[pop]!) * invTau;
    let gain = 1;
    if (x <= REBASE) gain = Math.exp(x);
    else {
      const scale = Math.exp(-x);
      const { offset, size } = this.pops[pop]!;
      for (let j = offset; j < offset + size; j++) {
        if (this.mode[j] !== MODE_FAST) continue;
        this.hot[HOT * j]! *= scale;
        this.hot[HOT * j + KEY_Q]! *= scale;
      }
      this.popReference[pop] = t;
    }
    this.gainTime[pop] = t;
    this.gainValue[pop] = gain;
    return gain;
  }

  /** Membrane potential of a LIF neuron at `now` (reset while refractory). */
  protected potential(j: number): number {
    if (this.now < this.hot[HOT * j + REF_END]! || this.last[j]! > this.now) return this.reset[j]!;
    if (this.mode[j] !== MODE_FAST) return this.hot[HOT * j]!;
    return this.restEff[j]! + this.hot[HOT * j]! / this.fastGain(this.popOf[j]!, this.now);
  }

  /** Sets the potential of a LIF neuron at `now` (after `advance`). */
  protected writePotential(j: number, value: number): void {
    if (this.mode[j] === MODE_FAST) this.writeFast(j, value);
    else this.hot[HOT * j] = value;
  }

  /** Fast-path state for potential `value` at now, or for the reset trajectory while refractory. */
  protected writeFast(j: number, value: number): void {
    const pop = this.popOf[j]!;
    if (this.now < this.hot[HOT * j + REF_END]!)
      this.hot[HOT * j] =
        (this.reset[j]! - this.restEff[j]!) *
        this.fastGain(pop, this.now) *
        Math.exp((this.hot[HOT * j + REF_END]! - this.now) * this.popInvTau[pop]!);
    else this.hot[HOT * j] = (value - this.restEff[j]!) * this.fastGain(pop, this.now);
  }

  /** Brings a LIF neuron's state exactly to time t (t >= its last update, outside refractoriness). */
  protected advance(j: number, t: number): void {
    const t0 = this.last[j]!;
    if (this.mode[j] === MODE_INTEGRATE) {
      if (t <= t0) return;
      // No leak: the bias (a shift of rest in the leaky model) is integrated at bias/τm mV per ms.
      this.hot[HOT * j]! += (this.restEff[j]! - this.rest[j]!) * (t - t0) * this.invTau[j]!;
      this.last[j] = t;
      return;
    }
    if (this.mode[j] === MODE_JUMP) {
      if (t <= t0) return;
      const e = this.restEff[j]!;
      this.hot[HOT * j] = e + (this.hot[HOT * j]! - e) * Math.exp((t0 - t) * this.invTau[j]!);
      if (this.invTauTheta[j] !== 0) this.theta[j]! *= Math.exp((t0 - t) * this.invTauTheta[j]!);
      this.last[j] = t;
      return;
    }
    if (this.mode[j] !== MODE_CURRENT || t <= t0) return;
    let s = t0;
    const ts = this.tauSyn[j]!;
    if (s < this.hot[HOT * j + REF_END]!) {
      const te = Math.min(t, this.hot[HOT * j + REF_END]!);
      this.current[j]! *= Math.exp((s - te) / ts);
      this.theta[j]! *= Math.exp((s - te) * this.invTauTheta[j]!);
      this.hot[HOT * j] = this.reset[j]!;
      s = te;
    }
    const dt = t - s;
    if (dt > 0) {
      const tm = this.tau[j]!;
      const e = this.restEff[j]!;
      const i0 = this.current[j]!;
      const em = Math.exp(-dt / tm);
      const es = Math.exp(-dt / ts);
      this.hot[HOT * j] = e + (this.hot[HOT * j]! - e) * em + i0 * (ts / (ts - tm)) * (es - em);
      this.current[j] = i0 * es;
      this.theta[j]! *= Math.exp(-dt * this.invTauTheta[j]!);
    }
    this.last[j] = t;
  }

  /** Sets the neuron's heap key to its next crossing (fast path: a lower bound on it). */
  protected schedule(j: number): void {
    if (this.mode[j] !== MODE_FAST) {
      this.heap.update(j, this.predict(j));
      return;
    }
    const gap = this.hot[HOT * j + GAP]!;
    const pop = this.popOf[j]!;
    const reference = this.popReference[pop]!;
    const start = Math.max(this.now, this.hot[HOT * j + REF_END]!);
    if (gap < 0) {
      // The key is the crossing of gap − margin when that lies ahead, else of gap itself. The state at
      // which the true crossing would fall on the key follows without another exponential:
      // e^((key − R)/τ) = q / (gap − margin), so keyQ = gap · q / (gap − margin).
      const q = this.hot[HOT * j]!;
      const tau = this.popTau[pop]!;
      const lowered = gap - KEY_MARGIN_MV;
      const early = reference + tau * Math.log(q / lowered);
      if (early > start) {
        this.heap.update(j, early);
        this.hot[HOT * j + KEY_Q] = (gap * q) / lowered;
        return;
      }
      const exact = reference + tau * Math.log(q / gap);
      if (exact > start) {
        this.heap.update(j, exact);
        this.hot[HOT * j + KEY_Q] = q;
        return;
      }
    }
    // At threshold once refractoriness ends: keyed then. With gap >= 0 there is no crossing of its own
    // (unless a bias change or a reset left it above threshold: it fires at once), and the threshold
    // state at `start` is a bound that a potential at threshold exceeds at any later delivery (the
    // growing gain only raises it).
    this.heap.update(j, gap < 0 || this.overThreshold(j) ? start : Number.POSITIVE_INFINITY);
    this.hot[HOT * j + KEY_Q] = gap * Math.exp((start - reference) * this.popInvTau[pop]!);
  }

  /** Absolute time of the next threshold crossing if no input arrives, Infinity if none (off the fast path). */
  protected predict(j: number): number {
    if (this.drift[j] === 0) return this.aboveThreshold(j) ? this.last[j]! : Number.POSITIVE_INFINITY;
    const e = this.restEff[j]!;
    const thr = this.threshold[j]!;
    const tm = this.tau[j]!;
    const itt = this.invTauTheta[j]!;
    if (this.mode[j] === MODE_INTEGRATE) {
      const gap = thr + this.theta[j]! - this.hot[HOT * j]!;
      return gap <= 0 ? this.last[j]! : this.last[j]! + (gap * tm) / (e - this.rest[j]!);
    }
    if (this.mode[j] === MODE_JUMP) {
      const t0 = this.last[j]!;
      const v = this.hot[HOT * j]!;
      const theta = this.theta[j]!;
      if (theta === 0 || itt === 0) {
        const target = thr + theta;
        if (v >= target) return t0;
        if (e <= target) return Number.POSITIVE_INFINITY;
        return t0 + tm * Math.log((v - e) / (target - e));
      }
      if (e - thr <= 0 && (v <= e || v <= thr)) return Number.POSITIVE_INFINITY;
      return (
        t0 +
        firstCrossing(
          e - thr,
          [v - e, -theta],
          [tm, this.tauTheta[j]!],
          CROSSING_HORIZON_TAUS * (tm + this.tauTheta[j]!),
        )
      );
    }
    // Exponential current synapses: start from the end of refractoriness.
    const ts = this.tauSyn[j]!;
    let s0 = this.last[j]!;
    let v = this.hot[HOT * j]!;
    let current = this.current[j]!;
    let theta = this.theta[j]!;
    if (s0 < this.hot[HOT * j + REF_END]!) {
      const te = this.hot[HOT * j + REF_END]!;
      current *= Math.exp((s0 - te) / ts);
      theta *= Math.exp((s0 - te) * itt);
      v = this.reset[j]!;
      s0 = te;
    }
    const kappa = current * (ts / (ts - tm));
    const amplitudes = [v - e - kappa, kappa];
    const taus = [tm, ts];
    let d = e - thr;
    let longest = Math.max(tm, ts);
    if (itt === 0) d -= theta;
    else {
      amplitudes.push(-theta);
      taus.push(this.tauTheta[j]!);
      longest = Math.max(longest, this.tauTheta[j]!);
    }
    if (v >= thr + theta) return s0;
    return s0 + firstCrossing(d, amplitudes, taus, CROSSING_HORIZON_TAUS * longest);
  }

  /**
   * Whether a neuron that resets by subtraction was left at or above threshold by its last spike (it
   * then fires again at once). A voltage-jump or non-leaky neuron keeps V and θ at `last`.
   */
  private aboveThreshold(j: number): boolean {
    const m = this.mode[j];
    return (
      this.subtract[j] === 1 &&
      (m === MODE_JUMP || m === MODE_INTEGRATE) &&
      this.hot[HOT * j]! >= this.threshold[j]! + this.theta[j]!
    );
  }

  /** A neuron's self-generated event is due: a Poisson spike, or a (possibly stale) crossing. */
  protected due(j: number, t: number): void {
    const m = this.mode[j];
    if (m === MODE_FORCED) {
      this.fire(j, t, true);
      return;
    }
    if (m === MODE_FAST) {
      this.dueFast(j, t);
      return;
    }
    // The key may be early (inhibition postponed the crossing).
    const p = this.predict(j);
    if (p <= t + DUE_TOLERANCE * Math.max(1, Math.abs(t))) {
      this.advance(j, t);
      this.fire(j, t, true);
    } else this.heap.update(j, p);
  }

  /**
   * A fast-path neuron's key came up. An exact key with no input since is the crossing itself. Otherwise
   * the key may be early (inhibition postponed the crossing, or it is the lowered threshold's crossing):
   * when even the lowered crossing still lies ahead, the neuron is re-keyed there; otherwise it fires if
   * its exact crossing is due, or is re-keyed as `schedule` would, from the same two logarithms.
   */
  protected dueFast(j: number, t: number): void {
    const hot = this.hot;
    const h = HOT * j;
    const gap = hot[h + GAP]!;
    if (!(gap < 0)) {
      if (this.overThreshold(j)) this.fire(j, t, true);
      else this.schedule(j); // it cannot reach threshold on its own
      return;
    }
    const q = hot[h]!;
    // The state is still the one whose crossing the key is (no input since): it crosses now.
    if (q === hot[h + KEY_Q]! && this.drift[j] !== 0) {
      this.fire(j, t, true);
      return;
    }
    const pop = this.popOf[j]!;
    const reference = this.popReference[pop]!;
    const tau = this.popTau[pop]!;
    const start = Math.max(this.now, hot[h + REF_END]!);
    const lowered = gap - KEY_MARGIN_MV;
    const early = reference + tau * Math.log(q / lowered);
    const due = t + DUE_TOLERANCE * Math.max(1, Math.abs(t));
    if (early > start && early > due) {
      this.heap.update(j, early);
      hot[h + KEY_Q] = (gap * q) / lowered;
      return;
    }
    const exact = reference + tau * Math.log(q / gap);
    if (this.drift[j] !== 0 && Math.max(exact, start) <= due) {
      this.fire(j, t, true);
      return;
    }
    if (early > start) {
      this.heap.update(j, early);
      hot[h + KEY_Q] = (gap * q) / lowered;
    } else if (exact > start) {
      this.heap.update(j, exact);
      hot[h + KEY_Q] = q;
    } else if (start <= due && this.overThreshold(j)) {
      // Above threshold with no crossing ahead (a bias change or a reset put V above a rest that is
      // itself above threshold, where the logarithms have no root): it fires now rather than be re-keyed
      // at this same time forever.
      this.fire(j, t, true);
    } else {
      this.heap.update(j, start);
      hot[h + KEY_Q] = gap * Math.exp((start - reference) * this.popInvTau[pop]!);
    }
  }

  /** Whether a fast-path neuron, out of refractoriness, stands at or above its threshold at `now`. */
  private overThreshold(j: number): boolean {
    if (this.now < this.hot[HOT * j + REF_END]! || this.last[j]! > this.now) return false;
    return this.potential(j) >= this.threshold[j]! + this.theta[j]!;
  }

  /**
   * Re-predicts after an input. An earlier crossing replaces the key at once; a later one leaves the
   * early key, which `due` checks again when it comes up (cheaper than moving it down every time).
   */
  protected lower(j: number): void {
    const p = this.predict(j);
    if (p < this.heap.keys[j]!) this.heap.update(j, p);
  }

  /** Neuron j spikes at t (`own`: a self-generated spike, not an injected one). */
  protected abstract fire(j: number, t: number, own: boolean): void;
}
