import { check, Rng } from '@scrutable/core';
import { checkRates } from './network-structure.js';
import { HOT, MODE_FAST, MODE_FORCED, REF_END } from './neuron-layout.js';
import { denseWeights, normalizeIncoming, type Projection, writeDenseWeights } from './projection.js';
import { SpikeDelivery } from './spike-delivery.js';
import type { SpikeTrain } from './spike-recorder.js';

/**
 * An asynchronous, event-driven spiking network. There is no global time step: each neuron's state is
 * advanced exactly (closed-form exponential decay) only when an event reaches it. Spikes travel as
 * timestamped events delivered after their synapse's delay.
 *
 * Order of simultaneous events (deterministic): scheduled deliveries and injected spikes first, in the
 * order they were scheduled; then self-generated spikes (Poisson draws, threshold crossings) by global
 * neuron index. A delivery visits its synapses in increasing target index. With the same seed and the
 * same calls, a run is reproduced exactly.
 */
export class Network extends SpikeDelivery {
  /** Sets the Poisson rates (Hz) of a source population from now on. */
  setRates(name: string, ratesHz: number | ArrayLike<number>): void {
    const pop = this.population(name);
    check(pop.kind === 'source', `setRates: '${name}' is not a source population`);
    const rates = typeof ratesHz === 'number' ? new Float64Array(pop.size).fill(ratesHz) : ratesHz;
    checkRates(rates, pop.size);
    this.compile();
    for (let i = 0; i < pop.size; i++) {
      const j = pop.offset + i;
      this.rate[j] = rates[i]!;
      this.drawPoisson(j, this.now);
    }
  }

  /** Makes neuron `neuron` of `name` spike at `timeMs` (>= now), whatever its state. */
  injectSpike(name: string, neuron: number, timeMs: number): void {
    const pop = this.population(name);
    check(Number.isInteger(neuron) && neuron >= 0 && neuron < pop.size, `neuron ${neuron} outside '${name}'`);
    check(Number.isFinite(timeMs) && timeMs >= this.now, `spike time ${timeMs} must be >= now (${this.now})`);
    this.compile();
    this.events.push(timeMs, -1 - (pop.offset + neuron));
  }

  /**
   * Forces neurons of a LIF population to fire as Poisson generators at the given rates (Hz), ignoring
   * their input; rate 0 silences them. `release` returns them to their own dynamics.
   */
  force(name: string, neurons: readonly number[], ratesHz: ArrayLike<number>): void {
    const pop = this.population(name);
    check(ratesHz.length === neurons.length, 'force: one rate per neuron');
    checkRates(ratesHz, neurons.length);
    this.compile();
    neurons.forEach((i, k) => {
      check(Number.isInteger(i) && i >= 0 && i < pop.size, `neuron ${i} outside '${name}'`);
      const j = pop.offset + i;
      this.mode[j] = MODE_FORCED;
      this.rate[j] = ratesHz[k]!;
      this.drawPoisson(j, this.now);
    });
    this.updateAllFast();
  }

  /** Returns every neuron of a LIF population to its own dynamics, at rest. */
  release(name: string): void {
    const pop = this.population(name);
    this.compile();
    if (pop.kind !== 'lif') return;
    for (let j = pop.offset; j < pop.offset + pop.size; j++) {
      if (this.mode[j] !== MODE_FORCED) continue;
      this.mode[j] = this.baseMode[j]!;
      this.settle(j);
    }
    this.updateAllFast();
  }

  /**
   * Sets a constant input per neuron of a LIF population, expressed as the shift (mV) of its resting
   * potential it causes (R·I); a shift above threshold makes the neuron fire on its own.
   */
  setBias(name: string, valuesMv: ArrayLike<number>): void {
    const pop = this.population(name);
    check(pop.kind === 'lif', `setBias: '${name}' is not a LIF population`);
    check(valuesMv.length === pop.size, `setBias: ${pop.size} values needed`);
    for (let i = 0; i < pop.size; i++) check(Number.isFinite(valuesMv[i]), 'setBias: values must be finite');
    this.compile();
    for (let i = 0; i < pop.size; i++) {
      const j = pop.offset + i;
      const v = this.mode[j] === MODE_FAST ? this.potential(j) : Number.NaN;
      this.advance(j, this.now);
      this.bias[j] = valuesMv[i]!;
      this.restEff[j] = this.rest[j]! + this.bias[j]!;
      if (this.mode[j] === MODE_FAST) this.writeFast(j, v);
      this.updateDrift(j);
      if (this.mode[j] !== MODE_FORCED) this.schedule(j);
    }
  }

  /** Sets the membrane potential (mV) of each neuron of a LIF population, at `now`. */
  setPotentials(name: string, valuesMv: ArrayLike<number>): void {
    const pop = this.population(name);
    check(pop.kind === 'lif', `setPotentials: '${name}' is not a LIF population`);
    check(valuesMv.length === pop.size, `setPotentials: ${pop.size} values needed`);
    for (let i = 0; i < pop.size; i++)
      check(Number.isFinite(valuesMv[i]), 'setPotentials: values must be finite');
    this.compile();
    for (let i = 0; i < pop.size; i++) {
      const j = pop.offset + i;
      if (this.now < this.hot[HOT * j + REF_END]! || this.last[j]! > this.now) continue; // refractory: V is held at reset
      this.writePotential(j, valuesMv[i]!);
      if (this.mode[j] !== MODE_FORCED) this.schedule(j);
    }
  }

  /** Records the spikes of `name` (all populations record by default). */
  record(name: string, on: boolean): void {
    const pop = this.population(name);
    this.recording[this.pops.indexOf(pop)] = on;
  }

  /**
   * Starts a new presentation: time back to 0, every LIF neuron at rest and released from any clamp,
   * source rates 0, synaptic currents, STDP traces, pending spikes, counts and recordings cleared;
   * weights, thresholds θ and biases kept. A seed
   * restarts the random generator, so a presentation is reproducible on its own.
   */
  resetState(seed?: number): void {
    this.compile();
    if (seed !== undefined) this.rng = new Rng(seed);
    this.now = 0;
    this.events.clear();
    this.heap.clear();
    this.counts.fill(0);
    this.recorder.clear();
    this.current.fill(0);
    this.last.fill(0);
    for (let j = 0; j < this.total; j++) this.hot[HOT * j + REF_END] = 0;
    this.popReference.fill(0);
    this.gainTime.fill(Number.NaN);
    for (let j = 0; j < this.total; j++)
      this.hot[HOT * j] = this.baseMode[j] === MODE_FAST ? 0 : this.restingPotential(j);
    for (const p of this.projections) {
      if (!p.stdp) continue;
      p.preTrace.fill(0);
      p.postTrace.fill(0);
      p.traceReference = 0;
    }
    // Sources fall silent and clamped neurons are released, so no draw depends on the past.
    this.rate.fill(0);
    this.mode.set(this.baseMode);
    this.updateAllFast();
    for (let j = 0; j < this.total; j++) if (this.mode[j] !== MODE_FORCED) this.schedule(j);
  }

  /** Spikes recorded in population `name` since the last reset. */
  spikes(name: string): SpikeTrain {
    const pop = this.population(name);
    return this.recorder.train(pop.offset, pop.size);
  }

  /** Spike count per neuron of `name` since the last reset (a copy). */
  spikeCounts(name: string): Int32Array {
    const pop = this.population(name);
    this.compile();
    return this.counts.slice(pop.offset, pop.offset + pop.size);
  }

  /** Membrane potential, adaptive threshold θ and synaptic current of each neuron of `name`, at `now`. */
  state(name: string): { v: Float64Array; theta: Float64Array; current: Float64Array } {
    const pop = this.population(name);
    this.compile();
    const v = new Float64Array(pop.size);
    const theta = new Float64Array(pop.size);
    const current = new Float64Array(pop.size);
    for (let i = 0; i < pop.size; i++) {
      const j = pop.offset + i;
      if (this.mode[j] !== MODE_FORCED && this.popParams[this.popOf[j]!]) this.advance(j, this.now);
      v[i] = this.potential(j);
      theta[i] = this.theta[j]! * Math.exp((this.last[j]! - this.now) * this.invTauTheta[j]!);
      current[i] = this.current[j]!;
    }
    return { v, theta, current };
  }

  /** Sets θ (mV) of each neuron of a LIF population. */
  setTheta(name: string, values: ArrayLike<number>): void {
    const pop = this.population(name);
    check(
      pop.kind === 'lif' && values.length === pop.size,
      `setTheta: ${pop.size} values for a LIF population`,
    );
    this.compile();
    for (let i = 0; i < pop.size; i++) {
      check(Number.isFinite(values[i]), 'setTheta: values must be finite');
      const j = pop.offset + i;
      this.advance(j, this.now);
      this.theta[j] = values[i]! * Math.exp((this.now - this.last[j]!) * this.invTauTheta[j]!);
      this.updateDrift(j);
      if (this.mode[j] !== MODE_FORCED) this.schedule(j);
    }
  }

  /** The projection from `from` to `to`; throws UNKNOWN_NAME. */
  projection(from: string, to: string): Projection {
    return this.projectionData(from, to);
  }

  /** Weights as a dense [post x pre] matrix, row-major; 0 where there is no synapse. */
  weights(from: string, to: string): Float64Array {
    const p = this.projectionData(from, to);
    this.compile();
    return denseWeights(p);
  }

  /** Writes a dense [post x pre] matrix into the existing synapses (entries without a synapse are ignored). */
  setWeights(from: string, to: string, dense: ArrayLike<number>): void {
    const p = this.projectionData(from, to);
    check(
      dense.length === p.toPop.size * p.fromPop.size,
      `setWeights: ${p.toPop.size * p.fromPop.size} values needed`,
    );
    for (let i = 0; i < dense.length; i++)
      check(Number.isFinite(dense[i]), 'setWeights: weights must be finite');
    this.compile();
    writeDenseWeights(p, dense);
  }

  /** Scales each post neuron's incoming weights of a projection so they sum to `total` (Diehl & Cook). */
  normalizeIncoming(from: string, to: string, total: number): void {
    const p = this.projectionData(from, to);
    check(Number.isFinite(total) && total > 0, `normalizeIncoming: total must be positive, got ${total}`);
    this.compile();
    normalizeIncoming(p, total);
  }

  /** Number of synapses of a projection. */
  synapseCount(from: string, to: string): number {
    const p = this.projectionData(from, to);
    this.compile();
    return p.weight.length;
  }
}
