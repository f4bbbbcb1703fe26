import {
  ALL_CAPABILITIES,
  accuracy,
  BaseSubstrate,
  type Capability,
  check,
  type Dataset,
  decodeFloat32,
  encodeFloat32,
  type FitOptions,
  type FitReport,
  hashSeed,
  type Intervention,
  type Matrix,
  matrix,
  type Observation,
  type ObserveOptions,
  type OutputHead,
  outputWidth,
  type ParameterView,
  type Raster,
  Rng,
  type RunOptions,
  rowHash,
  ScrutableError,
  type SubstrateInfo,
  savedHeads,
  type UnitGroup,
} from '@scrutable/core';
import {
  applyTrainedReadout,
  editReadout,
  fitTrainedReadout,
  loadTrainedReadout,
  READOUT_VIEW,
  readoutView,
  saveTrainedReadout,
  type TrainedReadout,
} from '@scrutable/linear-readout';
import { Network } from '@scrutable/spiking-sim';
import { clampCounts } from './clamp-counts.js';
import { type SpikingConfig, spikingConfig } from './config.js';
import { fingerprint } from './fingerprint.js';
import { PresentationCache, type PresentedRow } from './presentation-cache.js';
import { fitReadout, type Labelling, type Readout, readOut } from './readout.js';

/** Seed of forward passes when RunOptions.seed is absent. */
export const DEFAULT_RUN_SEED = 1;

/**
 * Presentations without interventions, shared by every spiking substrate of this thread (an untrained
 * twin builds the same network as the untrained control it shadows, and replays its reads).
 */
const PRESENTATIONS = new PresentationCache(64 * 2 ** 20);

const SITES = ['exc', 'inh'] as const;
type Site = (typeof SITES)[number];

/** What one batch of presentations produced. */
interface Presented {
  /** site -> [examples x units] spike counts. */
  counts: Record<Site, Float32Array>;
  rasters: Record<Site, Raster[]>;
  synapticEvents: number;
  simulatedMs: number;
}

/** Per-example changes applied after the state reset of each presentation. */
type Applied = (net: Network, example: number) => void;

/** The readout in use: a trained linear map, or a neuron labelling (label or vote). */
type AnyReadout = { kind: 'trained'; trained: TrainedReadout } | { kind: 'labelling'; labelling: Readout };

/**
 * Diehl & Cook (2015) style spiking network: Poisson (or latency) coded inputs, an excitatory layer
 * whose input synapses learn by unsupervised STDP with weight normalisation and adaptive thresholds,
 * and lateral inhibition through a one-to-one inhibitory population. The excitatory spike counts are
 * read by a trained linear readout (or by Diehl & Cook's neuron labelling); the readout never changes
 * the STDP-learned layer.
 */
export class SpikingSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo;
  readonly capabilities: ReadonlySet<Capability> = new Set(ALL_CAPABILITIES);
  readonly config: SpikingConfig;
  private net: Network | null = null;
  private readout: AnyReadout | null = null;
  /** Seed the network was built from (its random delays are part of the model). */
  private seed = 0;
  /** What identifies the network's behaviour (see networkKey): its presentations are cached under it. */
  private netKey = '';

  constructor(config?: unknown) {
    super();
    this.config = spikingConfig(config);
    this.info = {
      id: 'spiking',
      family: 'spiking',
      synchronous: false,
      description:
        'Event-driven LIF network with unsupervised STDP, lateral inhibition and adaptive thresholds; its spike counts read by a trained linear readout (or a neuron-labelling vote).',
      backend: 'event-driven (TypeScript)',
      // Spikes are drawn; reads converge at the reading window the readout was fitted at.
      stochastic: { windowMs: this.config.windowMs },
    };
  }

  /** Input neurons for `inputWidth` inputs: one per input, plus one "off" neuron per input with complement coding. */
  private inputNeurons(inputWidth = this.inputWidth): number {
    return inputWidth * (this.config.complement ? 2 : 1);
  }

  /**
   * Trains a new network and readout; the substrate's state (network, readout, seed, and through
   * BaseSubstrate heads and input width) changes only once training has succeeded, so an aborted
   * re-fit leaves the fitted substrate as it was.
   */
  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const start = performance.now();
    const c = this.config;
    const net = this.build(options.seed, dataset.train.inputs.cols);
    const rows = dataset.train.inputs.rows;
    const epochs = options.budget?.epochs ?? c.epochs;
    const order = new Rng(options.seed).fork('order');
    let epoch = 0;
    let trainedMs = 0;
    for (; epoch < epochs; epoch++) {
      net.learning = true;
      const perm = order.permutation(rows);
      for (let k = 0; k < rows; k++) {
        if (options.signal?.aborted) throw new DOMException('fit aborted', 'AbortError');
        const r = perm[k]!;
        trainedMs += this.present(
          net,
          dataset.train.inputs,
          r,
          hashSeed(options.seed, epoch, r),
          c.trainWindowMs,
        );
        net.normalizeIncoming('input', 'exc', c.weightTotalMv);
        options.onProgress?.({ fraction: (epoch * rows + k + 1) / (epochs * rows) });
      }
    }
    net.learning = false;
    const stdpSynapticEvents = net.synapticEvents;
    // Float32-representable state, so a save/load round trip reproduces every spike.
    net.setWeights('input', 'exc', Float32Array.from(net.weights('input', 'exc')));
    net.setTheta('exc', Float32Array.from(net.state('exc').theta));
    const key = this.networkKey(net, options.seed, dataset.train.inputs.cols);
    const seen = this.presentAll(
      net,
      key,
      dataset.train.inputs,
      options.seed,
      c.windowMs,
      ['exc'],
      false,
      null,
    );
    const counts = matrix(rows, c.excitatory, seen.counts.exc);
    // The neuron-labelling vote is always fitted, so its score is reported beside the trained readout's.
    const vote = roundReadout(
      fitReadout(
        Float64Array.from(seen.counts.exc),
        c.excitatory,
        dataset.train.targets.data,
        dataset.heads,
        c.readout === 'label' ? 'label' : 'vote',
      ),
    );
    const voteOutputs = this.outputs(seen.counts.exc, rows, dataset.heads, {
      kind: 'labelling',
      labelling: vote,
    });
    const voteScore = accuracy(voteOutputs, dataset.train.targets, dataset.heads);
    let readout: AnyReadout = { kind: 'labelling', labelling: vote };
    let lambda = Number.NaN;
    if (c.readout === 'trained') {
      const fit = fitTrainedReadout(counts, dataset.train.targets, dataset.heads, { seed: options.seed });
      readout = { kind: 'trained', trained: fit.readout };
      lambda = fit.readout.lambda;
    }
    const outputs = this.outputs(seen.counts.exc, rows, dataset.heads, readout);
    this.net = net;
    this.netKey = key;
    this.readout = readout;
    this.seed = options.seed;
    return {
      epochs: epoch,
      wallMs: performance.now() - start,
      trainScore: accuracy(outputs, dataset.train.targets, dataset.heads),
      details: {
        excitatory: c.excitatory,
        windowMs: c.windowMs,
        trainWindowMs: c.trainWindowMs,
        encoding: c.encoding,
        readout: c.readout,
        voteTrainScore: voteScore,
        ...(c.readout === 'trained' ? { readoutLambda: lambda } : {}),
        simulatedMs: trainedMs + seen.simulatedMs,
        stdpSimulatedMs: trainedMs,
        stdpSynapticEvents,
      },
    };
  }

  protected async _predict(inputs: Matrix, options: RunOptions): Promise<Matrix> {
    const seen = this.presentAll(
      this.network(),
      this.netKey,
      inputs,
      options.seed,
      options.windowMs,
      ['exc'],
      false,
      null,
    );
    return this.outputs(seen.counts.exc, inputs.rows, this.heads);
  }

  protected _units(): UnitGroup[] {
    return [
      { site: 'exc', size: this.config.excitatory, state: 'spike-count' },
      { site: 'inh', size: this.config.excitatory, state: 'spike-count' },
    ];
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    options: ObserveOptions,
  ): Promise<Observation> {
    const start = performance.now();
    const seen = this.presentAll(
      this.network(),
      this.netKey,
      inputs,
      options.seed,
      options.windowMs,
      sites as Site[],
      !!options.rasters,
      null,
    );
    const states: Record<string, Matrix> = {};
    const rasters: Record<string, Raster[]> = {};
    for (const site of sites as Site[]) {
      states[site] = matrix(inputs.rows, this.config.excitatory, seen.counts[site]);
      if (options.rasters) rasters[site] = seen.rasters[site];
    }
    return {
      states,
      cost: {
        forwardPasses: inputs.rows,
        simulatedMs: seen.simulatedMs,
        synapticEvents: seen.synapticEvents,
        wallMs: performance.now() - start,
      },
      ...(options.rasters ? { rasters } : {}),
    };
  }

  /**
   * Values are in the units `observe` returns: spike counts per window of this run (`windowMs`, else
   * the config's). ablate: silence the units (with value 'mean', clamp each to its mean count over the
   * batch); clamp: a unit clamped to c fires round(c) times whatever its input, at its own spike times
   * from the same presentation without the clamp, evenly thinned or topped up with a regular train at
   * rate (c − own) / window (see clampCounts), so clamping a site to its own counts changes nothing; add: a change of
   * Δc counts is injected as the constant current (a resting-potential shift, mV) that changes a
   * perfect integrator's rate by Δc / window: Δc · τ · (threshold − reset) / window. All interventions
   * apply at once: several adds at one site sum.
   */
  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
    options: RunOptions,
  ): Promise<Matrix> {
    const net = this.network();
    const windowMs = options.windowMs ?? this.config.windowMs;
    const size = this.config.excitatory;
    const biases = new Map<Site, Float64Array>();
    for (const iv of interventions) {
      if (iv.kind !== 'add') continue;
      const site = iv.site as Site;
      const bias = biases.get(site) ?? new Float64Array(size);
      const mvPerCount = this.mvPerCount(site, windowMs);
      const scale = iv.scale ?? 1;
      for (let u = 0; u < size; u++) bias[u]! += scale * iv.vector[u]! * mvPerCount;
      biases.set(site, bias);
    }
    const addBiases: Applied = (net) => {
      for (const [site, bias] of biases) net.setBias(site, bias);
    };
    // Clamped units keep their own spike times where the count allows: read them (and the batch means
    // for mean ablation) from the same presentations with only the adds applied.
    const needsOwn = interventions.some(
      (iv) => iv.kind === 'clamp' || (iv.kind === 'ablate' && iv.value === 'mean'),
    );
    // Without adds, these are the plain presentations, which may have been read before.
    const own = !needsOwn
      ? null
      : biases.size === 0
        ? this.presentAll(net, this.netKey, inputs, options.seed, windowMs, SITES, true, null)
        : this.presentAll(net, null, inputs, options.seed, windowMs, SITES, true, addBiases);
    const ownTimes = (site: Site, example: number, units: readonly number[]): number[][] => {
      const raster = own!.rasters[site][example]!;
      const index = new Map(units.map((u, k) => [u, k]));
      const times = units.map((): number[] => []);
      raster.units.forEach((u, s) => {
        const k = index.get(u);
        if (k !== undefined) times[k]!.push(raster.timesMs[s]!);
      });
      return times;
    };
    const apply: Applied = (net, example) => {
      addBiases(net, example);
      for (const iv of interventions) {
        const site = iv.site as Site;
        if (iv.kind === 'add') continue;
        if (iv.kind === 'clamp') {
          const n = iv.units.length;
          const offset = iv.values.length === n ? 0 : example * n;
          const values = iv.values.subarray(offset, offset + n);
          clampCounts(net, site, iv.units, values, windowMs, ownTimes(site, example, iv.units));
        } else if (iv.value === 'mean' && own) {
          const counts = own.counts[site];
          const mean = iv.units.map((u) => {
            let sum = 0;
            for (let r = 0; r < inputs.rows; r++) sum += counts[r * size + u]!;
            return sum / inputs.rows;
          });
          clampCounts(net, site, iv.units, mean, windowMs, ownTimes(site, example, iv.units));
        } else net.force(site, iv.units, new Float64Array(iv.units.length));
      }
    };
    const seen = this.presentAll(net, null, inputs, options.seed, windowMs, ['exc'], false, apply);
    return this.outputs(seen.counts.exc, inputs.rows, this.heads);
  }

  /** The resting-potential shift (mV) that adds one spike per window to a perfect integrator at `site`. */
  private mvPerCount(site: Site, windowMs: number): number {
    const { tauMs, thresholdMv, resetMv } = site === 'exc' ? EXC : INH;
    return ((site === 'exc' ? this.config.tauExcMs : tauMs) * (thresholdMv - resetMv)) / windowMs;
  }

  protected override _parameters(): ParameterView[] {
    const net = this.network();
    const exc = this.config.excitatory;
    // A view reads the network it was made from; after a re-fit or dispose it throws NOT_FITTED.
    const current = (): Network => {
      if (this.net !== net)
        throw new ScrutableError(
          'NOT_FITTED',
          'spiking: this parameter view belongs to a network that was re-fitted or disposed; call parameters() again',
        );
      return net;
    };
    // The trained readout is one linear map of the exc counts: declared, so analyses know exc sits one
    // linear map before the outputs. (The neuron-labelling vote is not a parameter view.)
    const readout = this.readoutOrThrow();
    const readoutViews: ParameterView[] = [];
    if (readout.kind === 'trained')
      readoutViews.push(
        readoutView('exc', () => {
          current();
          return readout.trained;
        }),
      );
    return [
      {
        name: 'input->exc',
        from: 'input',
        to: 'exc',
        rows: exc,
        cols: this.inputNeurons(),
        read: () => Float32Array.from(current().weights('input', 'exc')),
      },
      {
        name: 'exc.theta',
        to: 'exc',
        rows: exc,
        cols: 1,
        read: () => Float32Array.from(current().state('exc').theta),
      },
      ...readoutViews,
    ];
  }

  /** Adds delta exactly (no re-clipping to the STDP bounds: those apply only to later learning). */
  protected override _applyEdit(name: string, delta: Float32Array): void {
    const net = this.network();
    const readout = this.readoutOrThrow();
    if (name === READOUT_VIEW && readout.kind === 'trained') editReadout(readout.trained, delta);
    else if (name === 'input->exc') {
      const w = net.weights('input', 'exc');
      net.setWeights(
        'input',
        'exc',
        Float32Array.from(w, (x, i) => x + delta[i]!),
      );
    } else {
      const theta = net.state('exc').theta;
      net.setTheta(
        'exc',
        Float32Array.from(theta, (x, i) => x + delta[i]!),
      );
    }
    this.netKey = this.networkKey(net, this.seed, this.inputWidth);
  }

  protected override _save(): unknown {
    const net = this.network();
    return {
      config: this.config,
      heads: this.heads,
      inputWidth: this.inputWidth,
      seed: this.seed,
      weights: encodeFloat32(Float32Array.from(net.weights('input', 'exc'))),
      theta: encodeFloat32(Float32Array.from(net.state('exc').theta)),
      ...savedReadout(this.readoutOrThrow()),
    };
  }

  /** Restores a saved state; throws BAD_STATE when it does not fit together. */
  restore(data: unknown): void {
    const d = data as {
      heads: OutputHead[];
      inputWidth: number;
      seed: number;
      weights: string;
      theta: string;
      readout?: SavedLabelling[];
      trained?: unknown;
    };
    try {
      check(d && typeof d === 'object', 'no data', 'BAD_STATE');
      check(
        Number.isInteger(d.inputWidth) && d.inputWidth > 0 && Number.isInteger(d.seed) && d.seed >= 0,
        'inputWidth must be a positive integer and seed a non-negative integer',
        'BAD_STATE',
      );
      const heads = savedHeads(d.heads);
      const n = this.config.excitatory;
      const net = this.build(d.seed, d.inputWidth);
      const weights = decodeFloat32(d.weights);
      const theta = decodeFloat32(d.theta);
      check(
        weights.length === n * this.inputNeurons(d.inputWidth),
        'weights have the wrong size',
        'BAD_STATE',
      );
      check(theta.length === n, 'thresholds have the wrong size', 'BAD_STATE');
      net.setWeights('input', 'exc', weights);
      net.setTheta('exc', theta);
      net.learning = false;
      const readout: AnyReadout =
        this.config.readout === 'trained'
          ? { kind: 'trained', trained: loadTrainedReadout(d.trained, heads, n) }
          : { kind: 'labelling', labelling: validReadout(d.readout, heads, n) };
      this.seed = d.seed;
      this.readout = readout;
      this.net = net;
      this.netKey = this.networkKey(net, d.seed, d.inputWidth);
      this.markLoaded(heads, d.inputWidth);
    } catch (e) {
      if (e instanceof ScrutableError && e.code === 'BAD_STATE') throw e;
      throw new ScrutableError('BAD_STATE', `spiking: cannot load saved state (${(e as Error).message})`);
    }
  }

  /** Frees the network; the substrate must be fitted or loaded again before use. */
  override dispose(): void {
    this.net = null;
    this.netKey = '';
    this.readout = null;
    this.fitted = false;
  }

  private readoutOrThrow(): AnyReadout {
    if (!this.readout) throw new ScrutableError('NOT_FITTED', 'spiking: fit or load the substrate first');
    return this.readout;
  }

  private network(): Network {
    if (!this.net) throw new ScrutableError('NOT_FITTED', 'spiking: fit or load the substrate first');
    return this.net;
  }

  /** Input sources, the excitatory layer with plastic input synapses, and the inhibitory population. */
  private build(seed: number, inputWidth: number): Network {
    const c = this.config;
    const net = new Network({ seed });
    const n = c.excitatory;
    net.addSource('input', this.inputNeurons(inputWidth));
    net.addLif('exc', n, { ...EXC, tauMs: c.tauExcMs, thetaPlusMv: c.thetaPlusMv });
    net.addLif('inh', n, INH);
    net.connect('input', 'exc', {
      weight: (_i, _j, rng) => rng.uniform(0, 1),
      // Random delays in steps of 0.5 ms: an input spike reaches neurons at different times, so the
      // first to fire can inhibit the others (Diehl & Cook use random delays too).
      delayMs: (_i, _j, rng) => 0.5 + 0.5 * rng.int(c.delaySteps),
      stdp: {
        aPlus: c.aPlus,
        aMinus: c.aMinus,
        tauPlusMs: 20,
        tauMinusMs: 20,
        wMin: 0,
        wMax: c.wMaxMv,
        dependence: 'multiplicative',
        pairing: 'nearest',
      },
    });
    net.connect('exc', 'inh', { weight: c.excToInhMv, delayMs: 0.1, oneToOne: true });
    const pre: number[] = [];
    const post: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (i !== j) {
          pre.push(i);
          post.push(j);
        }
    net.connectSynapses('inh', 'exc', {
      pre,
      post,
      weights: new Float64Array(pre.length).fill(c.inhToExcMv),
      delaysMs: new Float64Array(pre.length).fill(0.1),
    });
    net.normalizeIncoming('input', 'exc', c.weightTotalMv);
    return net;
  }

  /** Presents row r of `inputs` for `windowMs`; repeats at doubled intensity while the layer is too quiet. */
  private present(
    net: Network,
    inputs: Matrix,
    r: number,
    seed: number,
    windowMs: number,
    apply?: Applied,
  ): number {
    const c = this.config;
    const x = inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols);
    const rates = new Float64Array(this.inputNeurons(inputs.cols));
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const v = Math.min(1, Math.max(0, x[i]!));
      rates[i] = v;
      if (c.complement) rates[x.length + i] = 1 - v;
    }
    for (const v of rates) sum += v;
    const rate = Math.min(c.maxRateHz, sum > 0 ? c.totalRateHz / sum : c.maxRateHz);
    let simulated = 0;
    for (let repeat = 0; ; repeat++) {
      net.resetState(hashSeed(seed, repeat));
      apply?.(net, r);
      if (c.encoding === 'poisson')
        net.setRates(
          'input',
          rates.map((v) => v * rate * 2 ** repeat),
        );
      else
        rates.forEach((v, i) => {
          if (v > 0) net.injectSpike('input', i, (1 - v) * c.latencyMs);
        });
      net.run(windowMs);
      simulated += windowMs;
      if (c.encoding === 'latency' || repeat >= c.maxRepeats) break;
      let spikes = 0;
      for (const k of net.spikeCounts('exc')) spikes += k;
      if (spikes >= c.minSpikes) break;
    }
    return simulated;
  }

  /**
   * What the network's presentations depend on: the config, the seed it was built from (delays), its
   * input width, input weights and thresholds.
   */
  private networkKey(net: Network, seed: number, inputWidth: number): string {
    const parts = [
      new Uint32Array(Float32Array.from(net.weights('input', 'exc')).buffer),
      new Uint32Array(Float32Array.from(net.state('exc').theta).buffer),
    ];
    return fingerprint(parts, `${JSON.stringify(this.config)}|${seed}|${inputWidth}`);
  }

  /**
   * Presents every row to `net` without learning; per-example seeds derive from the run seed. Without
   * interventions (`apply` null) and with the network's key, each row's presentation is replayed from
   * the cache when it was made before, with the simulated time and synaptic events it cost then, so a
   * reading reports the same cost whether or not it was replayed.
   */
  private presentAll(
    net: Network,
    key: string | null,
    inputs: Matrix,
    seed: number | undefined,
    windowMs: number | undefined,
    sites: readonly Site[],
    rasters: boolean,
    apply: Applied | null,
  ): Presented {
    net.learning = false;
    const n = this.config.excitatory;
    const runSeed = seed ?? DEFAULT_RUN_SEED;
    const window = windowMs ?? this.config.windowMs;
    const counts = { exc: new Float32Array(inputs.rows * n), inh: new Float32Array(inputs.rows * n) };
    const out: Presented = { counts, rasters: { exc: [], inh: [] }, synapticEvents: 0, simulatedMs: 0 };
    const cached = key !== null && apply === null;
    try {
      for (let r = 0; r < inputs.rows; r++) {
        const values = inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols);
        const hash = rowHash(inputs, r);
        const rowKey = `${key}|${runSeed}|${window}|${hash}`;
        let row = cached ? PRESENTATIONS.get(rowKey, values, rasters) : undefined;
        if (!row) {
          const eventsBefore = net.synapticEvents;
          const simulatedMs = this.present(
            net,
            inputs,
            r,
            hashSeed(runSeed, 'example', hash),
            window,
            apply ?? undefined,
          );
          const presented: PresentedRow = {
            exc: net.spikeCounts('exc'),
            inh: net.spikeCounts('inh'),
            synapticEvents: net.synapticEvents - eventsBefore,
            simulatedMs,
            ...(rasters ? { rasters: { exc: raster(net, 'exc'), inh: raster(net, 'inh') } } : {}),
          };
          if (cached) PRESENTATIONS.set(rowKey, values, presented);
          row = presented;
        }
        out.simulatedMs += row.simulatedMs;
        out.synapticEvents += row.synapticEvents;
        for (const site of SITES) {
          counts[site].set(row[site], r * n);
          const train = row.rasters?.[site];
          // copies: the cached rasters stay as they were whatever the caller does with these
          if (train && sites.includes(site))
            out.rasters[site].push({ units: train.units.slice(), timesMs: train.timesMs.slice() });
        }
      }
    } finally {
      if (apply) {
        net.release('exc');
        net.release('inh');
        net.setBias('exc', new Float64Array(n));
        net.setBias('inh', new Float64Array(n));
      }
    }
    return out;
  }

  private outputs(
    excCounts: Float32Array,
    rows: number,
    heads: readonly OutputHead[],
    readout: AnyReadout | null = this.readout,
  ): Matrix {
    if (!readout) throw new ScrutableError('NOT_FITTED', 'spiking: fit or load the substrate first');
    if (readout.kind === 'trained')
      return applyTrainedReadout(readout.trained, matrix(rows, this.config.excitatory, excCounts));
    const width = outputWidth(heads);
    const out = matrix(rows, width);
    const n = this.config.excitatory;
    for (let r = 0; r < rows; r++)
      readOut(
        readout.labelling,
        excCounts.subarray(r * n, (r + 1) * n),
        out.data.subarray(r * width, (r + 1) * width),
      );
    return out;
  }
}

/** Excitatory neurons (τ is the config's `tauExcMs`) and inhibitory neurons, after Diehl & Cook (2015). */
const EXC = { tauMs: 100, restMv: -65, resetMv: -65, thresholdMv: -52, refractoryMs: 5 } as const;
const INH = { tauMs: 10, restMv: -60, resetMv: -45, thresholdMv: -40, refractoryMs: 2 } as const;

/** The spike times of `site` in the presentation just run. */
function raster(net: Network, site: Site): Raster {
  const train = net.spikes(site);
  return { units: train.neurons, timesMs: Float32Array.from(train.timesMs) };
}

/** Real-valued labels rounded to float32, as they are saved. */
function roundReadout(readout: Readout): Readout {
  for (const l of readout.labellings) l.assignment.set(Float32Array.from(l.assignment));
  return readout;
}

/** The saved form of a readout: `trained`, or the labellings as `readout`. */
function savedReadout(readout: AnyReadout): { trained: unknown } | { readout: SavedLabelling[] } {
  if (readout.kind === 'trained') return { trained: saveTrainedReadout(readout.trained) };
  return {
    readout: readout.labelling.labellings.map((l) => ({
      column: l.column,
      kind: l.kind,
      classes: l.classes,
      fallback: l.fallback,
      assignment: encodeFloat32(Float32Array.from(l.assignment)),
    })),
  };
}

/** A labelling as saved: the assignment as base64 float32. */
interface SavedLabelling {
  column: number;
  kind: 'class' | 'bit' | 'real';
  classes: number;
  fallback: number;
  assignment: string;
}

/**
 * A saved readout checked against the heads: exactly the labellings fitReadout makes for them (one per
 * class head at its first column, one per bit, one per real value), each with `neurons × classes`
 * assignments (`neurons` for real values) that are finite (real values: finite, or NaN for a neuron that
 * never fired) and a finite fallback. Throws BAD_STATE.
 */
function validReadout(saved: unknown, heads: readonly OutputHead[], neurons: number): Readout {
  const expected: { column: number; kind: Labelling['kind']; classes: number }[] = [];
  let column = 0;
  for (const head of heads) {
    if (head.kind === 'class') expected.push({ column, kind: 'class', classes: head.size });
    else
      for (let b = 0; b < head.size; b++)
        expected.push(
          head.kind === 'binary'
            ? { column: column + b, kind: 'bit', classes: 2 }
            : { column: column + b, kind: 'real', classes: 1 },
        );
    column += head.size;
  }
  check(
    Array.isArray(saved) && saved.length === expected.length,
    `readout must hold ${expected.length} labellings for the heads`,
    'BAD_STATE',
  );
  const labellings = (saved as SavedLabelling[]).map((l, k): Labelling => {
    const e = expected[k]!;
    check(
      !!l && typeof l === 'object' && l.column === e.column && l.kind === e.kind && l.classes === e.classes,
      `readout labelling ${k} must be { column: ${e.column}, kind: '${e.kind}', classes: ${e.classes} }`,
      'BAD_STATE',
    );
    check(
      typeof l.fallback === 'number' && Number.isFinite(l.fallback),
      `readout labelling ${k}: fallback must be finite`,
      'BAD_STATE',
    );
    check(typeof l.assignment === 'string', `readout labelling ${k}: assignment missing`, 'BAD_STATE');
    const assignment = Float64Array.from(decodeFloat32(l.assignment));
    check(
      assignment.length === neurons * e.classes,
      `readout labelling ${k}: assignment must hold ${neurons * e.classes} values, has ${assignment.length}`,
      'BAD_STATE',
    );
    check(
      assignment.every((a) => Number.isFinite(a) || (e.kind === 'real' && Number.isNaN(a))),
      `readout labelling ${k}: assignment holds non-finite values`,
      'BAD_STATE',
    );
    return { column: e.column, kind: e.kind, classes: e.classes, fallback: l.fallback, assignment };
  });
  return { labellings };
}
