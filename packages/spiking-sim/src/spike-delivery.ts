import { check } from '@scrutable/core';
import { NeuronDynamics } from './neuron-dynamics.js';
import * as layout from './neuron-layout.js';
import type { StdpRule } from './params.js';
import { clip, onPostSpike, traceGain } from './plasticity.js';
import type { ProjectionData } from './projection.js';

// Module-local copies: the hot loops read these as constants, which an imported binding is not
// (reading them through the import made benchmark 4 about 7% slower).
const { GAP, HOT, KEY_Q, MODE_CURRENT, MODE_FAST, MODE_FORCED, MODE_INTEGRATE, MODE_JUMP, REF_END } = layout;

/** What one `run` did. */
export interface RunStats {
  readonly simulatedMs: number;
  /** Spikes delivered to a synapse (one per synapse per presynaptic spike). */
  readonly synapticEvents: number;
  readonly spikes: number;
}

/**
 * Spike delivery: the event loop, the delivery of a spike to its targets after the synapse's delay
 * (with STDP on plastic projections), and a neuron's spike (reset, refractoriness, outgoing events).
 */
export abstract class SpikeDelivery extends NeuronDynamics {
  /** Advances the simulation to `untilMs`, processing every event at or before it. */
  run(untilMs: number): RunStats {
    check(
      Number.isFinite(untilMs) && untilMs >= this.now,
      `run: time ${untilMs} must be >= now (${this.now})`,
    );
    this.compile();
    const start = this.now;
    const eventsBefore = this.synapticEvents;
    const spikesBefore = this.spikeTotal;
    const events = this.events;
    const heap = this.heap;
    for (;;) {
      const te = events.peekTime();
      const tn = heap.topKey();
      if (te <= tn) {
        if (te > untilMs) break;
        const payload = events.pop();
        this.now = te;
        if (payload < 0) this.fire(-1 - payload, te, false);
        else this.deliver(payload, te);
      } else {
        if (tn > untilMs) break;
        const j = heap.top();
        this.now = tn;
        this.due(j, tn);
      }
    }
    this.now = untilMs;
    return {
      simulatedMs: untilMs - start,
      synapticEvents: this.synapticEvents - eventsBefore,
      spikes: this.spikeTotal - spikesBefore,
    };
  }

  /** Delivers one group of synapses (one pre spike, one projection, one delay) at time t. */
  protected deliver(g: number, t: number): void {
    const p = this.projections[this.gProj[g]!]!;
    const start = this.gStart[g]!;
    const end = this.gEnd[g]!;
    this.synapticEvents += end - start;
    if (this.learning && p.stdp) {
      this.deliverPlastic(p, p.stdp, g, start, end, t);
      return;
    }
    const post = p.post;
    const weight = p.weight;
    const gain = this.fastGain(p.toPopId, t);
    if (this.allFast[p.toPopId] === 0) {
      this.deliverMixed(post, weight, start, end, t, gain);
      return;
    }
    // The hot loops: a multiply-add per synapse, a comparison per excitatory one, and no calls. The few
    // targets that may fire or need an earlier key are settled after it, in synapse order; that gives the
    // same result as settling each at once, since a spike only queues deliveries and a key only orders
    // the heap. Inhibition needs no test: it can neither make a crossing earlier nor reach threshold.
    const hot = this.hot;
    // A weight shared by every synapse (the usual case) is not read per synapse.
    const shared = p.sharedWeight;
    if (shared <= 0) {
      const dq = shared * gain;
      for (let k = start; k < end; k++) {
        const h = HOT * post[k]!;
        if (t >= hot[h + REF_END]!) hot[h]! += dq; // else refractory: the input is discarded
      }
      return;
    }
    const touched = this.touched;
    let count = 0;
    if (shared > 0) {
      const dq = shared * gain;
      for (let k = start; k < end; k++) {
        const j = post[k]!;
        const h = HOT * j;
        if (t < hot[h + REF_END]!) continue;
        const q = hot[h]! + dq;
        hot[h] = q;
        if (q >= hot[h + KEY_Q]!) touched[count++] = j;
      }
    } else
      for (let k = start; k < end; k++) {
        const j = post[k]!;
        const h = HOT * j;
        if (t < hot[h + REF_END]!) continue; // refractory: the input is discarded
        const w = weight[k]!;
        const q = hot[h]! + w * gain;
        hot[h] = q;
        // keyQ is the threshold state at the key, which is at or after t, so it is at most the threshold
        // state now: excitation past keyQ catches both an earlier crossing and a crossing now.
        if (w > 0 && q >= hot[h + KEY_Q]!) touched[count++] = j;
      }
    for (let i = 0; i < count; i++) {
      const j = touched[i]!;
      const h = HOT * j;
      const q = hot[h]!;
      if (q >= hot[h + GAP]! * gain) this.fire(j, t, true);
      else if (q > hot[h + KEY_Q]!) this.schedule(j);
    }
  }

  /** Input of weight w at t to fast-path neuron j; `gain` is e^((t − R)/τ) of its population. */
  protected fastInput(j: number, w: number, t: number, gain: number): void {
    const hot = this.hot;
    const h = HOT * j;
    if (t < hot[h + REF_END]!) return; // refractory: the input is discarded
    const q = hot[h]! + w * gain;
    hot[h] = q;
    if (q >= hot[h + GAP]! * gain) this.fire(j, t, true);
    else if (w > 0 && q > hot[h + KEY_Q]!) this.schedule(j);
  }

  /** `deliver`'s loop for a target population with neurons off the fast path: each target by its mode. */
  protected deliverMixed(
    post: Int32Array | Uint16Array,
    weight: Float64Array,
    start: number,
    end: number,
    t: number,
    gain: number,
  ): void {
    const mode = this.mode;
    for (let k = start; k < end; k++) {
      const j = post[k]!;
      if (mode[j] === MODE_FAST) this.fastInput(j, weight[k]!, t, gain);
      else this.deliverSlow(j, weight[k]!, t);
    }
  }

  /** Delivers one group of plastic synapses: each arrival depresses its synapse first, then acts. */
  protected deliverPlastic(
    p: ProjectionData,
    rule: StdpRule,
    g: number,
    start: number,
    end: number,
    t: number,
  ): void {
    const post = p.post;
    const weight = p.weight;
    const mode = this.mode;
    const gain = this.fastGain(p.toPopId, t);
    const postTrace = p.postTrace;
    const postOffset = p.toPop.offset;
    const additive = rule.dependence === 'additive';
    const { aMinus, wMin, wMax } = rule;
    const plusGain = traceGain(p, rule, t);
    const minusGain = Math.exp((t - p.traceReference) / rule.tauMinusMs);
    const local = g - p.groupPtr[0]!;
    p.preTrace[local] = rule.pairing === 'nearest' ? plusGain : p.preTrace[local]! + plusGain;
    for (let k = start; k < end; k++) {
      const j = post[k]!;
      // A presynaptic spike arriving at the synapse depresses by the post trace.
      const y = postTrace[j - postOffset]! / minusGain;
      if (y !== 0) {
        const w = weight[k]!;
        weight[k] = clip(w - aMinus * y * (additive ? 1 : w - wMin), wMin, wMax);
      }
      if (mode[j] === MODE_FAST) this.fastInput(j, weight[k]!, t, gain);
      else this.deliverSlow(j, weight[k]!, t);
    }
  }

  /** Delivers weight w at t to a neuron off the fast path (voltage jump with decaying θ, or current). */
  protected deliverSlow(j: number, w: number, t: number): void {
    const m = this.mode[j];
    if (m === MODE_JUMP) {
      const t0 = this.last[j]!;
      if (t < t0) return; // refractory: the input is discarded
      const hot = this.hot;
      let vj = hot[HOT * j]!;
      if (t > t0) {
        const e = this.restEff[j]!;
        vj = e + (vj - e) * Math.exp((t0 - t) * this.invTau[j]!);
        if (this.invTauTheta[j] !== 0) this.theta[j]! *= Math.exp((t0 - t) * this.invTauTheta[j]!);
        this.last[j] = t;
      }
      vj += w;
      hot[HOT * j] = vj;
      // Inhibition only postpones a crossing, so only excitation can move the key earlier.
      if (vj >= this.threshold[j]! + this.theta[j]!) this.fire(j, t, true);
      else if (w > 0 && this.drift[j] === 1) this.lower(j);
    } else if (m === MODE_CURRENT) {
      this.advance(j, t);
      this.current[j]! += w;
      if (w > 0) this.lower(j);
    } else if (m === MODE_INTEGRATE) {
      if (t < this.last[j]!) return; // refractory: the input is discarded
      this.advance(j, t);
      const vj = this.hot[HOT * j]! + w;
      this.hot[HOT * j] = vj;
      if (vj >= this.threshold[j]! + this.theta[j]!) this.fire(j, t, true);
      else if (w > 0 && this.drift[j] === 1) this.lower(j);
    }
  }

  /** The potential a spike leaves: reset, or (reset by subtraction) v less the threshold's height above reset. */
  private afterSpike(j: number, v: number, theta: number): number {
    return this.subtract[j] === 1 ? v - (this.threshold[j]! + theta - this.reset[j]!) : this.reset[j]!;
  }

  /** Neuron j spikes at t: reset, refractoriness, θ jump, STDP, outgoing deliveries, next self-event. */
  protected fire(j: number, t: number, own: boolean): void {
    this.counts[j]!++;
    this.spikeTotal++;
    const popId = this.popOf[j]!;
    if (this.recording[popId]) this.recorder.add(j, t);
    const m = this.mode[j];
    if (m === MODE_FAST) {
      if (this.learning) {
        this.theta[j]! += this.thetaPlus[j]!;
        this.hot[HOT * j + GAP] = this.threshold[j]! + this.theta[j]! - this.restEff[j]!;
      }
      const tref = this.refractory[j]!;
      const pop = this.popOf[j]!;
      this.hot[HOT * j + REF_END] = t + tref;
      this.hot[HOT * j] =
        (this.reset[j]! - this.restEff[j]!) * this.fastGain(pop, t) * this.refractoryGain[j]!;
    } else if (m === MODE_JUMP || m === MODE_INTEGRATE) {
      // Reset by subtraction needs V at t (an injected spike may find the state older).
      if (this.subtract[j] === 1 && t > this.last[j]!) this.advance(j, t);
      const itt = this.invTauTheta[j]!;
      const jump = this.learning ? this.thetaPlus[j]! : 0;
      const tref = this.refractory[j]!;
      const thetaNow = itt === 0 ? this.theta[j]! : this.theta[j]! * Math.exp((this.last[j]! - t) * itt);
      // State is stored at the end of refractoriness, where V restarts from reset.
      this.hot[HOT * j] = this.afterSpike(j, this.hot[HOT * j]!, thetaNow);
      this.theta[j] = (thetaNow + jump) * Math.exp(-tref * itt);
      this.last[j] = t + tref;
      this.hot[HOT * j + REF_END] = t + tref;
    } else if (m === MODE_CURRENT) {
      if (t >= this.last[j]!) this.advance(j, t);
      this.hot[HOT * j] = this.afterSpike(j, this.hot[HOT * j]!, this.theta[j]!);
      if (this.learning) this.theta[j]! += this.thetaPlus[j]!;
      this.hot[HOT * j + REF_END] = t + this.refractory[j]!;
    }
    if (this.learning)
      for (const id of this.inPlastic[popId]!) {
        const p = this.projections[id]!;
        onPostSpike(p, p.stdp!, j, t);
      }
    for (const id of this.outProj[popId]!) {
      const p = this.projections[id]!;
      const i = j - p.fromPop.offset;
      for (let g = p.groupPtr[i]!; g < p.groupPtr[i + 1]!; g++) this.events.push(t + this.gDelay[g]!, g);
    }
    if (m === MODE_FORCED) {
      if (own) this.drawPoisson(j, t);
    } else this.schedule(j);
  }
}
