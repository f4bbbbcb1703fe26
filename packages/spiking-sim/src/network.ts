import { check, Rng, ScrutableError, unknownName } from '@scrutable/core';
import { firstCrossing } from './crossing.js';
import { EventHeap } from './event-heap.js';
import { NeuronHeap } from './neuron-heap.js';
import { type LifParams, lifParams, REBASE, type StdpRule } from './params.js';
import { clip, onPostSpike, traceGain } from './plasticity.js';
import {
  type ConnectOptions,
  compileProjection,
  type DeliveryGroups,
  denseWeights,
  drawSynapses,
  listedSynapses,
  newProjection,
  normalizeIncoming,
  type PendingSynapses,
  type Population,
  type Projection,
  type ProjectionData,
  type SynapseList,
  writeDenseWeights,
} from './projection.js';

/** Recorded spikes: parallel arrays of local neuron index and time (ms), in time order. */
export interface SpikeTrain {
  readonly neurons: Int32Array;
  readonly timesMs: Float64Array;
}

/** What one `run` did. */
export interface RunStats {
  readonly simulatedMs: number;
  /** Spikes delivered to a synapse (one per synapse per presynaptic spike). */
  readonly synapticEvents: number;
  readonly spikes: number;
}

// Per-neuron dynamics: voltage-jump LIF with a decaying threshold, LIF with exponential current
// synapses, a forced Poisson generator (spike sources, and LIF neurons clamped to a rate or silenced),
// or voltage-jump LIF with a threshold that only changes at spikes (the fast path, see `fastGain`).
const MODE_JUMP = 0;
const MODE_CURRENT = 1;
const MODE_FORCED = 2;
const MODE_FAST = 3;
// Layout of `hot`: values per neuron and their offsets.
const HOT = 4;
const KEY_Q = 1;
const GAP = 2;
const REF_END = 3;
// A fast-path neuron's key is the crossing of a threshold this much lower (mV), a lower bound that
// excitation leaves valid until the neuron gets this close: most inputs then cost one comparison.
// A wider margin does not pay: inhibition keeps pushing such neurons back below the lowered threshold,
// and each return costs a heap pop (on the Brette 2007 network 0.5 mV needs ~40% fewer key updates than 2).
const KEY_MARGIN_MV = 0.5;

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
export class Network {
  /** Current simulated time (ms). */
  now = 0;
  /** When false, STDP and threshold jumps are off (weights and θ frozen, as at test time). */
  learning = true;
  /** Synaptic events delivered since construction. */
  synapticEvents = 0;

  private rng: Rng;
  private readonly pops: Population[] = [];
  private readonly popParams: (LifParams | null)[] = [];
  private readonly projections: ProjectionData[] = [];
  private compiled = false;
  private total = 0;

  // Per-neuron state and parameters (filled at compile).
  private popOf = new Int32Array(0);
  private mode = new Uint8Array(0);
  /** 1 where every neuron of a population is on the fast path: its deliveries skip the per-target mode test. */
  private allFast = new Uint8Array(0);
  private baseMode = new Uint8Array(0);
  private current = new Float64Array(0);
  private theta = new Float64Array(0);
  private last = new Float64Array(0);
  private rest = new Float64Array(0);
  private bias = new Float64Array(0);
  private restEff = new Float64Array(0);
  private threshold = new Float64Array(0);
  private reset = new Float64Array(0);
  private tau = new Float64Array(0);
  private invTau = new Float64Array(0);
  private tauSyn = new Float64Array(0);
  private refractory = new Float64Array(0);
  /** e^(refractory/τm) per neuron: the fast-path state after a spike is stored from the end of refractoriness. */
  private refractoryGain = new Float64Array(0);
  private thetaPlus = new Float64Array(0);
  private tauTheta = new Float64Array(0);
  private invTauTheta = new Float64Array(0);
  private drift = new Uint8Array(0);
  private rate = new Float64Array(0);
  private counts = new Int32Array(0);
  /** Fast-path reference time R (ms) per population. */
  private popReference = new Float64Array(0);
  /** The last fast-path gain computed per population and its time (NaN: none), reused at the same time. */
  private gainTime = new Float64Array(0);
  private gainValue = new Float64Array(0);
  private popTau = new Float64Array(0);
  private popInvTau = new Float64Array(0);
  /**
   * The per-neuron values a delivery reads, packed HOT per neuron so each target costs one cache line:
   * V (fast path: q), keyQ (fast path: the q at which the true crossing would fall at the current key),
   * gap (threshold + θ − E, kept up to date) and the end of refractoriness.
   */
  private hot = new Float64Array(0);
  private heap = new NeuronHeap(0);
  private readonly events = new EventHeap();

  // Delivery groups: synapses of one pre neuron in one projection sharing one delay.
  private gProj = new Int32Array(0);
  private gStart = new Int32Array(0);
  private gEnd = new Int32Array(0);
  private gDelay = new Float64Array(0);
  /** Targets of the delivery in progress that may fire or need a new key (see `deliver`). */
  private touched = new Int32Array(0);
  private outProj: number[][] = [];
  private inPlastic: number[][] = [];

  private recording: boolean[] = [];
  private recNeuron = new Int32Array(1024);
  private recTime = new Float64Array(1024);
  private recCount = 0;

  constructor(options: { readonly seed?: number } = {}) {
    this.rng = new Rng(options.seed ?? 0);
  }

  /** Adds `size` LIF neurons (missing parameters take DEFAULT_LIF), all starting at rest. */
  addLif(name: string, size: number, params: Partial<LifParams> = {}): Population {
    return this.addPopulation(name, size, 'lif', lifParams(params));
  }

  /** Adds `size` spike sources: Poisson generators at `rateHz` (default 0) that also accept injected spikes. */
  addSource(name: string, size: number, rateHz: number | ArrayLike<number> = 0): Population {
    const pop = this.addPopulation(name, size, 'source', null);
    const rates =
      typeof rateHz === 'number' ? new Float64Array(size).fill(rateHz) : Float64Array.from(rateHz);
    checkRates(rates, size);
    this.initialRates.set(pop.name, rates);
    return pop;
  }

  /** The population with that name; throws UNKNOWN_NAME. */
  population(name: string): Population {
    const pop = this.pops.find((p) => p.name === name);
    if (!pop)
      unknownName(
        'population',
        name,
        this.pops.map((p) => p.name),
      );
    return pop;
  }

  /** All populations, in the order they were added. */
  populations(): readonly Population[] {
    return this.pops;
  }

  /** Connects two populations by a rule (all-to-all, random with a probability, or one-to-one). */
  connect(from: string, to: string, options: ConnectOptions): Projection {
    const src = this.population(from);
    const dst = this.population(to);
    this.checkProjectable(from, to);
    return this.addProjection(src, dst, drawSynapses(src, dst, options, this.rng), options.stdp);
  }

  /** Connects the listed synapses exactly (local indices). */
  connectSynapses(from: string, to: string, synapses: SynapseList, stdp?: Partial<StdpRule>): Projection {
    this.checkProjectable(from, to);
    const src = this.population(from);
    const dst = this.population(to);
    return this.addProjection(src, dst, listedSynapses(src, dst, synapses), stdp);
  }

  /** Throws unless `from` may now be connected to `to` (still building, LIF target, not yet connected). */
  private checkProjectable(from: string, to: string): void {
    this.requireBuilding();
    this.population(from);
    check(
      this.population(to).kind === 'lif',
      `projection target '${to}' must be a LIF population, not a source`,
    );
    check(
      !this.projections.some((p) => p.name === `${from}->${to}`),
      `'${from}' is already connected to '${to}'`,
    );
  }

  /** Adds a projection over checked synapses (local indices), taking ownership of their arrays. */
  private addProjection(
    fromPop: Population,
    toPop: Population,
    pending: PendingSynapses,
    stdp: Partial<StdpRule> | undefined,
  ): Projection {
    const projection = newProjection(fromPop, toPop, pending, stdp);
    this.projections.push(projection);
    return projection;
  }

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
    this.recCount = 0;
    this.current.fill(0);
    this.last.fill(0);
    for (let j = 0; j < this.total; j++) this.hot[HOT * j + REF_END] = 0;
    this.popReference.fill(0);
    this.gainTime.fill(Number.NaN);
    for (let j = 0; j < this.total; j++)
      this.hot[HOT * j] = this.baseMode[j] === MODE_FAST ? 0 : this.restEff[j]!;
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

  /** Spikes recorded in population `name` since the last reset. */
  spikes(name: string): SpikeTrain {
    const pop = this.population(name);
    const neurons: number[] = [];
    const times: number[] = [];
    for (let k = 0; k < this.recCount; k++) {
      const j = this.recNeuron[k]!;
      if (j >= pop.offset && j < pop.offset + pop.size) {
        neurons.push(j - pop.offset);
        times.push(this.recTime[k]!);
      }
    }
    return { neurons: Int32Array.from(neurons), timesMs: Float64Array.from(times) };
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

  /** Freezes the structure and builds the CSR tables; called by the first run or state access. */
  compile(): void {
    if (this.compiled) return;
    this.compiled = true;
    const n = this.total;
    this.popOf = new Int32Array(n);
    this.mode = new Uint8Array(n);
    this.hot = new Float64Array(HOT * n);
    this.current = new Float64Array(n);
    this.theta = new Float64Array(n);
    this.last = new Float64Array(n);
    this.rest = new Float64Array(n);
    this.bias = new Float64Array(n);
    this.restEff = new Float64Array(n);
    this.threshold = new Float64Array(n);
    this.reset = new Float64Array(n);
    this.tau = new Float64Array(n).fill(1);
    this.invTau = new Float64Array(n);
    this.tauSyn = new Float64Array(n).fill(1);
    this.refractory = new Float64Array(n);
    this.refractoryGain = new Float64Array(n);
    this.thetaPlus = new Float64Array(n);
    this.tauTheta = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.invTauTheta = new Float64Array(n);
    this.drift = new Uint8Array(n);
    this.rate = new Float64Array(n);
    this.counts = new Int32Array(n);
    this.heap = new NeuronHeap(n);
    this.popReference = new Float64Array(this.pops.length);
    this.gainTime = new Float64Array(this.pops.length).fill(Number.NaN);
    this.gainValue = new Float64Array(this.pops.length);
    for (let j = 0; j < n; j++) this.hot[HOT * j + KEY_Q] = Number.POSITIVE_INFINITY;
    this.popTau = Float64Array.from(this.popParams, (p) => (p ? p.tauMs : 1));
    this.popInvTau = Float64Array.from(this.popParams, (p) => (p ? 1 / p.tauMs : 0));
    this.pops.forEach((pop, id) => {
      const params = this.popParams[id];
      for (let j = pop.offset; j < pop.offset + pop.size; j++) {
        this.popOf[j] = id;
        if (!params) {
          this.mode[j] = MODE_FORCED;
          continue;
        }
        this.mode[j] =
          params.synapse === 'exponential'
            ? MODE_CURRENT
            : params.tauThetaMs === Infinity
              ? MODE_FAST
              : MODE_JUMP;
        this.rest[j] = params.restMv;
        this.restEff[j] = params.restMv;
        this.hot[HOT * j] = this.mode[j] === MODE_FAST ? 0 : params.restMv;
        this.threshold[j] = params.thresholdMv;
        this.reset[j] = params.resetMv;
        this.tau[j] = params.tauMs;
        this.invTau[j] = 1 / params.tauMs;
        this.tauSyn[j] = params.tauSynMs;
        this.refractory[j] = params.refractoryMs;
        this.refractoryGain[j] = Math.exp(params.refractoryMs * (1 / params.tauMs));
        this.thetaPlus[j] = params.thetaPlusMv;
        this.tauTheta[j] = params.tauThetaMs;
        this.invTauTheta[j] = 1 / params.tauThetaMs;
        this.updateDrift(j);
      }
      const rates = this.initialRates.get(pop.name);
      if (rates) this.rate.set(rates, pop.offset);
    });
    this.baseMode = this.mode.slice();
    this.updateAllFast();
    this.outProj = this.pops.map(() => []);
    this.inPlastic = this.pops.map(() => []);
    const groups: DeliveryGroups = { proj: [], start: [], end: [], delay: [] };
    this.projections.forEach((p, id) => {
      compileProjection(p, id, groups, n);
      this.outProj[this.pops.indexOf(p.fromPop)]!.push(id);
      p.toPopId = this.pops.indexOf(p.toPop);
      if (p.stdp) this.inPlastic[p.toPopId]!.push(id);
    });
    this.gProj = Int32Array.from(groups.proj);
    this.gStart = Int32Array.from(groups.start);
    this.gEnd = Int32Array.from(groups.end);
    this.gDelay = Float64Array.from(groups.delay);
    let widest = 0;
    for (let g = 0; g < this.gEnd.length; g++) widest = Math.max(widest, this.gEnd[g]! - this.gStart[g]!);
    this.touched = new Int32Array(widest);
    for (let j = 0; j < n; j++) {
      if (this.mode[j] === MODE_FORCED) this.drawPoisson(j, 0);
      else this.schedule(j);
    }
  }

  private readonly initialRates = new Map<string, Float64Array>();
  private spikeTotal = 0;

  private addPopulation(
    name: string,
    size: number,
    kind: 'lif' | 'source',
    params: LifParams | null,
  ): Population {
    this.requireBuilding();
    check(typeof name === 'string' && name.length > 0, 'population name must be a non-empty string');
    check(!this.pops.some((p) => p.name === name), `population '${name}' already exists`);
    check(Number.isInteger(size) && size > 0, `population size must be a positive integer, got ${size}`);
    const pop: Population = { name, kind, offset: this.total, size };
    this.total += size;
    this.pops.push(pop);
    this.popParams.push(params);
    this.recording.push(true);
    return pop;
  }

  private requireBuilding(): void {
    if (this.compiled)
      throw new ScrutableError(
        'BAD_INPUT',
        'the network is already running: add populations and connections first',
      );
  }

  private projectionData(from: string, to: string): ProjectionData {
    const p = this.projections.find((x) => x.from === from && x.to === to);
    if (!p)
      unknownName(
        'projection',
        `${from}->${to}`,
        this.projections.map((x) => x.name),
      );
    return p;
  }

  /** Recomputes `allFast` after modes change (compile, force, release, reset). */
  private updateAllFast(): void {
    this.allFast = Uint8Array.from(this.pops, ({ offset, size }) =>
      this.mode.subarray(offset, offset + size).every((m) => m === MODE_FAST) ? 1 : 0,
    );
  }

  /** Whether a neuron's free evolution can reach threshold on its own (needs a predicted crossing). */
  private updateDrift(j: number): void {
    this.hot[HOT * j + GAP] = this.threshold[j]! + this.theta[j]! - this.restEff[j]!;
    this.drift[j] =
      this.mode[j] === MODE_CURRENT ||
      this.restEff[j]! > this.threshold[j]! ||
      (this.thetaPlus[j]! > 0 && this.invTauTheta[j]! > 0) ||
      (this.theta[j]! !== 0 && this.invTauTheta[j]! > 0)
        ? 1
        : 0;
  }

  private drawPoisson(j: number, t: number): void {
    const r = this.rate[j]!;
    this.heap.update(j, r > 0 ? t + 1000 * this.rng.exponential(r) : Number.POSITIVE_INFINITY);
  }

  /** Puts a LIF neuron at rest now and predicts its next crossing. */
  private settle(j: number): void {
    this.hot[HOT * j] = this.mode[j] === MODE_FAST ? 0 : this.restEff[j]!;
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
  private fastGain(pop: number, t: number): number {
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
  private potential(j: number): number {
    if (this.now < this.hot[HOT * j + REF_END]! || this.last[j]! > this.now) return this.reset[j]!;
    if (this.mode[j] !== MODE_FAST) return this.hot[HOT * j]!;
    return this.restEff[j]! + this.hot[HOT * j]! / this.fastGain(this.popOf[j]!, this.now);
  }

  /** Sets the potential of a LIF neuron at `now` (after `advance`). */
  private writePotential(j: number, value: number): void {
    if (this.mode[j] === MODE_FAST) this.writeFast(j, value);
    else this.hot[HOT * j] = value;
  }

  /** Fast-path state for potential `value` at now, or for the reset trajectory while refractory. */
  private writeFast(j: number, value: number): void {
    const pop = this.popOf[j]!;
    if (this.now < this.hot[HOT * j + REF_END]!)
      this.hot[HOT * j] =
        (this.reset[j]! - this.restEff[j]!) *
        this.fastGain(pop, this.now) *
        Math.exp((this.hot[HOT * j + REF_END]! - this.now) * this.popInvTau[pop]!);
    else this.hot[HOT * j] = (value - this.restEff[j]!) * this.fastGain(pop, this.now);
  }

  /** Brings a LIF neuron's state exactly to time t (t >= its last update, outside refractoriness). */
  private advance(j: number, t: number): void {
    const t0 = this.last[j]!;
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
  private schedule(j: number): void {
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
    // At threshold once refractoriness ends: keyed then. With gap >= 0 there is no crossing of its own,
    // and the threshold state at `start` is a bound that a potential at threshold exceeds at any later
    // delivery (the growing gain only raises it).
    this.heap.update(j, gap < 0 ? start : Number.POSITIVE_INFINITY);
    this.hot[HOT * j + KEY_Q] = gap * Math.exp((start - reference) * this.popInvTau[pop]!);
  }

  /** Absolute time of the next threshold crossing if no input arrives, Infinity if none (off the fast path). */
  private predict(j: number): number {
    if (this.drift[j] === 0) return Number.POSITIVE_INFINITY;
    const e = this.restEff[j]!;
    const thr = this.threshold[j]!;
    const tm = this.tau[j]!;
    const itt = this.invTauTheta[j]!;
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
        firstCrossing(e - thr, [v - e, -theta], [tm, this.tauTheta[j]!], 40 * tm + 40 * this.tauTheta[j]!)
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
    return s0 + firstCrossing(d, amplitudes, taus, 40 * longest);
  }

  /** A neuron's self-generated event is due: a Poisson spike, or a (possibly stale) crossing. */
  private due(j: number, t: number): void {
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
    if (p <= t + 1e-9 * Math.max(1, Math.abs(t))) {
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
  private dueFast(j: number, t: number): void {
    const hot = this.hot;
    const h = HOT * j;
    const gap = hot[h + GAP]!;
    if (!(gap < 0)) {
      this.schedule(j); // it cannot reach threshold on its own
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
    const due = t + 1e-9 * Math.max(1, Math.abs(t));
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
    } else {
      this.heap.update(j, start);
      hot[h + KEY_Q] = gap * Math.exp((start - reference) * this.popInvTau[pop]!);
    }
  }

  /** Delivers one group of synapses (one pre spike, one projection, one delay) at time t. */
  private deliver(g: number, t: number): void {
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
  private fastInput(j: number, w: number, t: number, gain: number): void {
    const hot = this.hot;
    const h = HOT * j;
    if (t < hot[h + REF_END]!) return; // refractory: the input is discarded
    const q = hot[h]! + w * gain;
    hot[h] = q;
    if (q >= hot[h + GAP]! * gain) this.fire(j, t, true);
    else if (w > 0 && q > hot[h + KEY_Q]!) this.schedule(j);
  }

  /** `deliver`'s loop for a target population with neurons off the fast path: each target by its mode. */
  private deliverMixed(
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
  private deliverPlastic(
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
  private deliverSlow(j: number, w: number, t: number): void {
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
    }
  }

  /**
   * Re-predicts after an input. An earlier crossing replaces the key at once; a later one leaves the
   * early key, which `due` checks again when it comes up (cheaper than moving it down every time).
   */
  private lower(j: number): void {
    const p = this.predict(j);
    if (p < this.heap.keys[j]!) this.heap.update(j, p);
  }

  /** Neuron j spikes at t: reset, refractoriness, θ jump, STDP, outgoing deliveries, next self-event. */
  private fire(j: number, t: number, own: boolean): void {
    this.counts[j]!++;
    this.spikeTotal++;
    const popId = this.popOf[j]!;
    if (this.recording[popId]) this.recordSpike(j, t);
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
    } else if (m === MODE_JUMP) {
      const itt = this.invTauTheta[j]!;
      const jump = this.learning ? this.thetaPlus[j]! : 0;
      const tref = this.refractory[j]!;
      // State is stored at the end of refractoriness, where V restarts from reset.
      this.theta[j] = (this.theta[j]! * Math.exp((this.last[j]! - t) * itt) + jump) * Math.exp(-tref * itt);
      this.hot[HOT * j] = this.reset[j]!;
      this.last[j] = t + tref;
      this.hot[HOT * j + REF_END] = t + tref;
    } else if (m === MODE_CURRENT) {
      if (t >= this.last[j]!) this.advance(j, t);
      if (this.learning) this.theta[j]! += this.thetaPlus[j]!;
      this.hot[HOT * j] = this.reset[j]!;
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

  private recordSpike(j: number, t: number): void {
    if (this.recCount === this.recNeuron.length) {
      const neurons = new Int32Array(this.recCount * 2);
      const times = new Float64Array(this.recCount * 2);
      neurons.set(this.recNeuron);
      times.set(this.recTime);
      this.recNeuron = neurons;
      this.recTime = times;
    }
    this.recNeuron[this.recCount] = j;
    this.recTime[this.recCount] = t;
    this.recCount++;
  }
}

function checkRates(rates: ArrayLike<number>, size: number): void {
  check(rates.length === size, `expected ${size} rates, got ${rates.length}`);
  for (let i = 0; i < size; i++)
    check(
      Number.isFinite(rates[i]) && rates[i]! >= 0,
      `rates must be finite and >= 0 Hz, got ${rates[i]} at neuron ${i}`,
    );
}
