import { check, Rng, ScrutableError, unknownName } from '@scrutable/core';
import { EventHeap } from './event-heap.js';
import { NeuronHeap } from './neuron-heap.js';
import {
  HOT,
  KEY_Q,
  MODE_CURRENT,
  MODE_FAST,
  MODE_FORCED,
  MODE_INTEGRATE,
  MODE_JUMP,
} from './neuron-layout.js';
import { type LifParams, lifParams, type StdpRule } from './params.js';
import {
  type ConnectOptions,
  compileProjection,
  type DeliveryGroups,
  drawSynapses,
  listedSynapses,
  newProjection,
  type PendingSynapses,
  type Population,
  type Projection,
  type ProjectionData,
  type SynapseList,
} from './projection.js';
import { SpikeRecorder } from './spike-recorder.js';

/**
 * Network building: populations, projections and the per-neuron tables that `compile` fills when the
 * structure is frozen. The dynamics and the event loop extend it (neuron-dynamics, spike-delivery); the
 * public API is `Network`.
 */
export abstract class NetworkStructure {
  /** Current simulated time (ms). */
  now = 0;
  /** When false, STDP and threshold jumps are off (weights and θ frozen, as at test time). */
  learning = true;
  /** Synaptic events delivered since construction. */
  synapticEvents = 0;
  protected rng: Rng;
  protected readonly pops: Population[] = [];
  protected readonly popParams: (LifParams | null)[] = [];
  protected readonly projections: ProjectionData[] = [];
  protected compiled = false;
  protected total = 0;

  // Per-neuron state and parameters (filled at compile).
  protected popOf = new Int32Array(0);
  protected mode = new Uint8Array(0);
  /** 1 where every neuron of a population is on the fast path: its deliveries skip the per-target mode test. */
  protected allFast = new Uint8Array(0);
  protected baseMode = new Uint8Array(0);
  protected current = new Float64Array(0);
  protected theta = new Float64Array(0);
  protected last = new Float64Array(0);
  protected rest = new Float64Array(0);
  protected bias = new Float64Array(0);
  protected restEff = new Float64Array(0);
  protected threshold = new Float64Array(0);
  protected reset = new Float64Array(0);
  protected tau = new Float64Array(0);
  protected invTau = new Float64Array(0);
  protected tauSyn = new Float64Array(0);
  protected refractory = new Float64Array(0);
  /** e^(refractory/τm) per neuron: the fast-path state after a spike is stored from the end of refractoriness. */
  protected refractoryGain = new Float64Array(0);
  protected thetaPlus = new Float64Array(0);
  protected tauTheta = new Float64Array(0);
  protected invTauTheta = new Float64Array(0);
  protected drift = new Uint8Array(0);
  /** 1 where a spike resets by subtraction (see LifParams.reset). */
  protected subtract = new Uint8Array(0);
  protected rate = new Float64Array(0);
  protected counts = new Int32Array(0);
  /** Fast-path reference time R (ms) per population. */
  protected popReference = new Float64Array(0);
  /** The last fast-path gain computed per population and its time (NaN: none), reused at the same time. */
  protected gainTime = new Float64Array(0);
  protected gainValue = new Float64Array(0);
  protected popTau = new Float64Array(0);
  protected popInvTau = new Float64Array(0);
  /**
   * The per-neuron values a delivery reads, packed HOT per neuron so each target costs one cache line:
   * V (fast path: q), keyQ (fast path: the q at which the true crossing would fall at the current key),
   * gap (threshold + θ − E, kept up to date) and the end of refractoriness.
   */
  protected hot = new Float64Array(0);
  protected heap = new NeuronHeap(0);
  protected readonly events = new EventHeap();

  // Delivery groups: synapses of one pre neuron in one projection sharing one delay.
  protected gProj = new Int32Array(0);
  protected gStart = new Int32Array(0);
  protected gEnd = new Int32Array(0);
  protected gDelay = new Float64Array(0);
  /** Targets of the delivery in progress that may fire or need a new key (see `deliver`). */
  protected touched = new Int32Array(0);
  protected outProj: number[][] = [];
  protected inPlastic: number[][] = [];

  protected recording: boolean[] = [];
  protected readonly recorder = new SpikeRecorder();
  protected readonly initialRates = new Map<string, Float64Array>();
  protected spikeTotal = 0;

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
  protected checkProjectable(from: string, to: string): void {
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
  protected addProjection(
    fromPop: Population,
    toPop: Population,
    pending: PendingSynapses,
    stdp: Partial<StdpRule> | undefined,
  ): Projection {
    const projection = newProjection(fromPop, toPop, pending, stdp);
    this.projections.push(projection);
    return projection;
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
    this.subtract = new Uint8Array(n);
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
        this.mode[j] = !params.leaky
          ? MODE_INTEGRATE
          : params.synapse === 'exponential'
            ? MODE_CURRENT
            : params.tauThetaMs === Infinity && params.reset === 'value'
              ? MODE_FAST
              : MODE_JUMP;
        this.subtract[j] = params.reset === 'subtract' ? 1 : 0;
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

  protected addPopulation(
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

  protected requireBuilding(): void {
    if (this.compiled)
      throw new ScrutableError(
        'BAD_INPUT',
        'the network is already running: add populations and connections first',
      );
  }

  protected projectionData(from: string, to: string): ProjectionData {
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
  protected updateAllFast(): void {
    this.allFast = Uint8Array.from(this.pops, ({ offset, size }) =>
      this.mode.subarray(offset, offset + size).every((m) => m === MODE_FAST) ? 1 : 0,
    );
  }

  /** Whether a neuron's free evolution can reach threshold on its own (needs a predicted crossing). */
  protected abstract updateDrift(j: number): void;
  /** Draws a forced neuron's next Poisson spike after t. */
  protected abstract drawPoisson(j: number, t: number): void;
  /** Sets the neuron's heap key to its next crossing. */
  protected abstract schedule(j: number): void;
}

/** Throws BAD_INPUT unless there are `size` finite rates >= 0 (Hz). */
export function checkRates(rates: ArrayLike<number>, size: number): void {
  check(rates.length === size, `expected ${size} rates, got ${rates.length}`);
  for (let i = 0; i < size; i++)
    check(
      Number.isFinite(rates[i]) && rates[i]! >= 0,
      `rates must be finite and >= 0 Hz, got ${rates[i]} at neuron ${i}`,
    );
}
