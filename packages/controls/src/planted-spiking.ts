import {
  type Dataset,
  type FitOptions,
  type FitReport,
  hashSeed,
  type Intervention,
  type Matrix,
  matrix,
  type Observation,
  type ObserveOptions,
  type RunOptions,
  ScrutableError,
  type SubstrateInfo,
} from '@scrutable/core';
import { Network } from '@scrutable/spiking-sim';
import { type PlantedConfig, type PlantedState, PlantedSubstrate, type StageWiring } from './planted.js';

export const PLANTED_SPIKING_ID = 'planted-spiking';
/**
 * Rate of a unit at the bottom of its training range (Hz), and the rise over the range (Hz). A unit at
 * the bottom is silent, so silencing it (ablation) reads back as exactly that value, as zero does in
 * `planted`.
 */
const BASE_RATE_HZ = 0;
const GAIN_HZ = 100;
const MS_PER_S = 1000;
const DEFAULT_WINDOW_MS = 1000;
/**
 * Share of a unit's variance its reading must keep at the default window, for a value spread evenly
 * over its range: the glass box must be readable near its asymptote, as every family but the
 * reading-cost axis assumes.
 */
const MIN_EVEN_R2 = 0.99;
/**
 * Poisson neurons pooled in each unit (its state is their summed count). A pool of N at up to GAIN_HZ
 * over T s counts Poisson(N·GAIN_HZ·T·u) for u even on [0, 1]: signal variance (N·GAIN_HZ·T)²/12
 * against mean noise variance N·GAIN_HZ·T/2, so R² = 1 / (1 + 6 / (N·GAIN_HZ·T)), and R² ≥ MIN_EVEN_R2
 * needs N ≥ 6·R²/(1 − R²)/(GAIN_HZ·T) = 6 at 100 Hz and 1 s. One neuron per unit kept 94% (measured:
 * the continuous latents of yinyang, teacher and shapes, read at 1 s, probed at 0.91–0.94).
 */
export const POOL_NEURONS = Math.ceil(
  (6 * MIN_EVEN_R2) / (1 - MIN_EVEN_R2) / ((GAIN_HZ * DEFAULT_WINDOW_MS) / MS_PER_S),
);
/** Range of a Fourier-stage unit (a product of two sines or cosines). */
const STAGE_MIN = -1;
const STAGE_SPAN = 2;

/** Settings of the spiking planted control. */
export interface PlantedSpikingConfig extends PlantedConfig {
  /** Reading window (simulated ms) when a call does not give one (default 1000). */
  readonly windowMs?: number;
}

/**
 * The planted control on the spiking side: the same units (ground-truth latents, then noise units),
 * each a pool of POOL_NEURONS event-driven Poisson neurons on the project's simulator whose rate is set
 * by its value: BASE_RATE_HZ at the bottom of the unit's training range, BASE_RATE_HZ + GAIN_HZ at the
 * top (clipped at 0 Hz). The `units` site reads each pool's summed spike count over the window (a
 * population rate code); an intervention there (in counts) is
 * read back as the rate, hence the latent value, it stands for and forced in the causal model, as in
 * `planted`. Each example's spikes are seeded by the run seed and the input, so they are reproducible.
 * On modular addition the Fourier stage site is simulated alike: each stage unit is a pool of Poisson
 * neurons silent at −1 and at GAIN_HZ at +1, and its counts are read back as the product they stand for.
 */
export class PlantedSpikingSubstrate extends PlantedSubstrate {
  override readonly info: SubstrateInfo = {
    id: PLANTED_SPIKING_ID,
    family: 'control',
    synchronous: false,
    description:
      'Glass-box control on the spiking side: Poisson neurons whose rates are set by the ground-truth latents (and noise units), read as spike counts over a window.',
  };
  readonly windowMs: number;
  private lo = new Float32Array(0);
  private span = new Float32Array(0);
  private run: RunOptions = {};
  private net: Network | null = null;
  private stageNet: Network | null = null;

  constructor(config: PlantedSpikingConfig = {}) {
    super(config);
    const windowMs = config.windowMs ?? DEFAULT_WINDOW_MS;
    if (!Number.isFinite(windowMs) || windowMs <= 0)
      throw new ScrutableError('BAD_CONFIG', `planted-spiking: windowMs must be positive, got ${windowMs}`);
    this.windowMs = windowMs;
  }

  protected override async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const report = await super._fit(dataset, options);
    const train = super.states(dataset.train.inputs);
    this.lo = new Float32Array(train.cols).fill(Number.POSITIVE_INFINITY);
    const hi = new Float32Array(train.cols).fill(Number.NEGATIVE_INFINITY);
    for (let k = 0; k < train.data.length; k++) {
      const j = k % train.cols;
      this.lo[j] = Math.min(this.lo[j]!, train.data[k]!);
      hi[j] = Math.max(hi[j]!, train.data[k]!);
    }
    this.span = hi.map((h, j) => (h > this.lo[j]! ? h - this.lo[j]! : 1));
    this.net = new Network({ seed: options.seed });
    this.net.addSource('units', train.cols * POOL_NEURONS);
    this.stageNet = this.wiring ? new Network({ seed: options.seed }) : null;
    this.stageNet?.addSource('units', this.wiring!.stage.width * POOL_NEURONS);
    return report;
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    options: ObserveOptions = {},
  ): Promise<Observation> {
    const started = performance.now();
    this.run = options;
    try {
      const observed = await super._observe(inputs, sites);
      const window = this.window();
      return {
        states: observed.states,
        cost: {
          forwardPasses: inputs.rows,
          simulatedMs: inputs.rows * window,
          synapticEvents: 0,
          wallMs: performance.now() - started,
        },
      };
    } finally {
      this.run = {};
    }
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
    options: RunOptions = {},
  ): Promise<Matrix> {
    this.run = options;
    try {
      return await super._intervene(inputs, interventions);
    } finally {
      this.run = {};
    }
  }

  /** Spike counts over the window of each unit's pool of Poisson neurons, at the rate its value sets. */
  protected override states(inputs: Matrix): Matrix {
    const values = super.states(inputs);
    return this.spikeCounts(
      this.requireNet(),
      inputs,
      values,
      'planted-spiking',
      (v, j) => BASE_RATE_HZ + (GAIN_HZ * (v - this.lo[j]!)) / this.span[j]!,
    );
  }

  /** The Fourier stage's units as spike counts of pools of Poisson neurons, silent at −1. */
  protected override stageStates(
    inputs: Matrix,
    wiring: StageWiring,
    overridesOf?: (r: number) => ReadonlyMap<number, number>,
  ): Matrix {
    const values = super.stageStates(inputs, wiring, overridesOf);
    const net = this.stageNet;
    if (!net) throw new ScrutableError('NOT_FITTED', 'planted-spiking: fit it on a task first');
    return this.spikeCounts(
      net,
      inputs,
      values,
      'planted-spiking/fourier',
      (v) => BASE_RATE_HZ + (GAIN_HZ * (v - STAGE_MIN)) / STAGE_SPAN,
    );
  }

  /** Stage counts read back as the products whose rates they stand for. */
  protected override stageValues(counts: Matrix): Matrix {
    const perHz = this.countsPerHz();
    return matrix(
      counts.rows,
      counts.cols,
      counts.data.map((c) => STAGE_MIN + ((c / perHz - BASE_RATE_HZ) * STAGE_SPAN) / GAIN_HZ),
    );
  }

  /**
   * Summed counts over the window of one pool of Poisson neurons per column, each neuron at the rate
   * `rateOf(value, column)` (Hz, clipped at 0); each row's spikes are seeded by the run seed, `label`
   * and the row's input.
   */
  private spikeCounts(
    net: Network,
    inputs: Matrix,
    values: Matrix,
    label: string,
    rateOf: (value: number, column: number) => number,
  ): Matrix {
    const window = this.window();
    const counts = matrix(values.rows, values.cols);
    const rates = new Float64Array(values.cols * POOL_NEURONS);
    for (let r = 0; r < values.rows; r++) {
      const input = inputs.data.subarray(r * inputs.cols, (r + 1) * inputs.cols);
      net.resetState(hashSeed(this.run.seed ?? 1, label, ...input));
      for (let j = 0; j < values.cols; j++)
        rates.fill(
          Math.max(0, rateOf(values.data[r * values.cols + j]!, j)),
          j * POOL_NEURONS,
          (j + 1) * POOL_NEURONS,
        );
      net.setRates('units', rates);
      net.run(window);
      const spikes = net.spikeCounts('units');
      for (let j = 0; j < values.cols; j++) {
        let pooled = 0;
        for (let k = j * POOL_NEURONS; k < (j + 1) * POOL_NEURONS; k++) pooled += spikes[k]!;
        counts.data[r * values.cols + j] = pooled;
      }
    }
    return counts;
  }

  /** Counts read back as the values whose rates they stand for. */
  protected override latentUnits(counts: Matrix): Matrix {
    const perHz = this.countsPerHz();
    return matrix(
      counts.rows,
      counts.cols,
      counts.data.map((c, k) => {
        const j = k % counts.cols;
        return this.lo[j]! + ((c / perHz - BASE_RATE_HZ) * this.span[j]!) / GAIN_HZ;
      }),
    );
  }

  protected override _save(): PlantedState & { readonly windowMs: number } {
    return { ...super._save(), windowMs: this.windowMs };
  }

  /** A pool's expected count per Hz of its neurons' rate, over the window. */
  private countsPerHz(): number {
    return (POOL_NEURONS * this.window()) / MS_PER_S;
  }

  private window(): number {
    return this.run.windowMs ?? this.windowMs;
  }

  private requireNet(): Network {
    if (!this.net) throw new ScrutableError('NOT_FITTED', 'planted-spiking: fit it on a task first');
    return this.net;
  }
}
