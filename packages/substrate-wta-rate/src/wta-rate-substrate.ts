import {
  ALL_CAPABILITIES,
  accuracy,
  applyInterventions,
  BaseSubstrate,
  type Capability,
  check,
  type Dataset,
  decodeFloat32,
  encodeFloat32,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  type Intervention,
  type Matrix,
  matrix,
  type Observation,
  type ObserveOptions,
  type OutputHead,
  type ParameterView,
  Rng,
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
import { type WtaRateConfig, wtaRateConfig } from './config.js';
import { hebbianStep } from './hebbian.js';

/** The hidden layer's two sites: synaptic drive W·v, and the activation max(0, W·v)^n the readout reads. */
const PRE = 'hidden.pre';
const POST = 'hidden';

/**
 * The synchronous rate twin of the spiking substrate (Krotov & Hopfield 2019): the same inputs
 * (complement coded, clipped to [0, 1]), one layer of competing units whose input weights learn by a
 * local Hebbian rule (the strongest unit Hebbian, the runner-up anti-Hebbian), no spikes and no time;
 * the activations are read by the same trained linear readout as the spiking substrate's counts.
 */
export class WtaRateSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'wta-rate',
    family: 'rate',
    synchronous: true,
    description:
      'Synchronous competing units learning by a local Hebbian rule (Krotov & Hopfield 2019), read by a trained linear readout.',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set(ALL_CAPABILITIES);
  readonly config: WtaRateConfig;
  /** [hidden x input neurons], row-major. */
  private weights: Float32Array | null = null;
  private readout: TrainedReadout | null = null;

  constructor(config?: unknown) {
    super();
    this.config = wtaRateConfig(config);
  }

  /** Input neurons for `inputWidth` inputs (twice as many with complement coding). */
  private inputNeurons(inputWidth = this.inputWidth): number {
    return inputWidth * (this.config.complement ? 2 : 1);
  }

  /** Trains aside and commits at the end, so an aborted re-fit leaves the fitted substrate as it was. */
  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const start = performance.now();
    const c = this.config;
    const x = this.encode(dataset.train.inputs);
    const d = this.inputNeurons(dataset.train.inputs.cols);
    const rows = dataset.train.inputs.rows;
    const rng = new Rng(options.seed);
    const init = rng.fork('weights');
    const w = Float64Array.from({ length: c.hidden * d }, () => init.normal());
    const order = rng.fork('order');
    const epochs = options.budget?.epochs ?? c.epochs;
    const steps = epochs * Math.ceil(rows / c.batchSize);
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const perm = order.permutation(rows);
      for (let b = 0; b < rows; b += c.batchSize) {
        if (options.signal?.aborted) throw new DOMException('fit aborted', 'AbortError');
        const picked = perm.slice(b, b + c.batchSize);
        const batch = new Float64Array(picked.length * d);
        picked.forEach((r, i) => {
          batch.set(x.subarray(r * d, (r + 1) * d), i * d);
        });
        const rate = c.learningRate * (1 - step / steps);
        hebbianStep(w, c.hidden, batch, d, rate, c.anti, c.rank);
        step++;
      }
      options.onProgress?.({ fraction: (epoch + 1) / (epochs + 1) });
    }
    const weights = Float32Array.from(w);
    const hidden = this.activation(this.drive(x, rows, weights, d));
    const fit = fitTrainedReadout(hidden, dataset.train.targets, dataset.heads, { seed: options.seed });
    const outputs = applyTrainedReadout(fit.readout, hidden);
    options.onProgress?.({ fraction: 1 });
    this.weights = weights;
    this.readout = fit.readout;
    return {
      epochs,
      wallMs: performance.now() - start,
      trainScore: accuracy(outputs, dataset.train.targets, dataset.heads),
      details: { hidden: c.hidden, hebbianSteps: steps, readoutLambda: fit.readout.lambda },
    };
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return applyTrainedReadout(this.readoutOrThrow(), this.states(inputs)[POST]);
  }

  protected _units(): UnitGroup[] {
    return [
      { site: PRE, size: this.config.hidden, state: 'preactivation' },
      { site: POST, size: this.config.hidden, state: 'activation' },
    ];
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    _options: ObserveOptions,
  ): Promise<Observation> {
    const started = performance.now();
    const all = this.states(inputs);
    const states: Record<string, Matrix> = {};
    for (const site of sites) states[site] = all[site as typeof PRE | typeof POST];
    return { states, cost: forwardPassCost(inputs.rows, started) };
  }

  /** Interventions at `hidden.pre` act before the activation; those at `hidden` on what the readout reads. */
  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    const pre = this.drive(this.encode(inputs), inputs.rows, this.weightsOrThrow(), this.inputNeurons());
    applyInterventions(
      pre,
      interventions.filter((iv) => iv.site === PRE),
    );
    const post = this.activation(pre);
    applyInterventions(
      post,
      interventions.filter((iv) => iv.site === POST),
    );
    return applyTrainedReadout(this.readoutOrThrow(), post);
  }

  protected override _parameters(): ParameterView[] {
    const weights = this.weightsOrThrow();
    const readout = this.readoutOrThrow();
    return [
      {
        name: 'input->hidden',
        from: 'input',
        to: PRE,
        rows: this.config.hidden,
        cols: this.inputNeurons(),
        read: () => {
          if (this.weights !== weights)
            throw new ScrutableError(
              'NOT_FITTED',
              'wta-rate: this parameter view belongs to a fit that was replaced or disposed; call parameters() again',
            );
          return Float32Array.from(weights);
        },
      },
      // One linear map from the activations to the outputs, declared as the spiking substrate declares
      // its own, so the steering site rule treats `hidden` alike on both sides of contrast 1a-B.
      readoutView(POST, () => {
        if (this.readout !== readout)
          throw new ScrutableError(
            'NOT_FITTED',
            'wta-rate: this parameter view belongs to a fit that was replaced or disposed; call parameters() again',
          );
        return readout;
      }),
    ];
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    if (name === READOUT_VIEW) {
      editReadout(this.readoutOrThrow(), delta);
      return;
    }
    const weights = this.weightsOrThrow();
    for (let j = 0; j < weights.length; j++) weights[j]! += delta[j]!;
  }

  protected override _save(): unknown {
    return {
      config: this.config,
      heads: this.heads,
      inputWidth: this.inputWidth,
      weights: encodeFloat32(this.weightsOrThrow()),
      readout: saveTrainedReadout(this.readoutOrThrow()),
    };
  }

  /** Restores a saved state; throws BAD_STATE when it does not fit together. */
  restore(data: unknown): void {
    const d = data as { heads: OutputHead[]; inputWidth: number; weights: string; readout: unknown };
    try {
      check(!!d && typeof d === 'object', 'no data', 'BAD_STATE');
      check(
        Number.isInteger(d.inputWidth) && d.inputWidth > 0,
        'inputWidth must be a positive integer',
        'BAD_STATE',
      );
      const heads = savedHeads(d.heads);
      check(typeof d.weights === 'string', 'weights missing', 'BAD_STATE');
      const weights = decodeFloat32(d.weights);
      check(
        weights.length === this.config.hidden * this.inputNeurons(d.inputWidth) &&
          weights.every(Number.isFinite),
        'weights have the wrong size or non-finite values',
        'BAD_STATE',
      );
      this.readout = loadTrainedReadout(d.readout, heads, this.config.hidden);
      this.weights = weights;
      this.markLoaded(heads, d.inputWidth);
    } catch (e) {
      if (e instanceof ScrutableError && e.code === 'BAD_STATE') throw e;
      throw new ScrutableError('BAD_STATE', `wta-rate: cannot load saved state (${(e as Error).message})`);
    }
  }

  override dispose(): void {
    this.weights = null;
    this.readout = null;
    this.fitted = false;
  }

  /** Both sites for a batch. */
  private states(inputs: Matrix): Record<typeof PRE | typeof POST, Matrix> {
    const pre = this.drive(this.encode(inputs), inputs.rows, this.weightsOrThrow(), this.inputNeurons());
    return { [PRE]: pre, [POST]: this.activation(pre) };
  }

  /** Inputs clipped to [0, 1], followed by their complements 1 − x when configured. */
  private encode(inputs: Matrix): Float64Array {
    const width = inputs.cols;
    const d = this.inputNeurons(width);
    const out = new Float64Array(inputs.rows * d);
    for (let r = 0; r < inputs.rows; r++)
      for (let i = 0; i < width; i++) {
        const v = Math.min(1, Math.max(0, inputs.data[r * width + i]!));
        out[r * d + i] = v;
        if (this.config.complement) out[r * d + width + i] = 1 - v;
      }
    return out;
  }

  /** Synaptic drive W·v per example: [rows x hidden]. */
  private drive(x: Float64Array, rows: number, weights: Float32Array, d: number): Matrix {
    const h = this.config.hidden;
    const out = matrix(rows, h);
    for (let r = 0; r < rows; r++)
      for (let u = 0; u < h; u++) {
        let sum = 0;
        for (let i = 0; i < d; i++) sum += weights[u * d + i]! * x[r * d + i]!;
        out.data[r * h + u] = sum;
      }
    return out;
  }

  /** max(0, drive)^n, a new matrix. */
  private activation(pre: Matrix): Matrix {
    const n = this.config.power;
    return matrix(
      pre.rows,
      pre.cols,
      pre.data.map((v) => (v > 0 ? v ** n : 0)),
    );
  }

  private weightsOrThrow(): Float32Array {
    if (!this.weights) throw new ScrutableError('NOT_FITTED', 'wta-rate: fit or load the substrate first');
    return this.weights;
  }

  private readoutOrThrow(): TrainedReadout {
    if (!this.readout) throw new ScrutableError('NOT_FITTED', 'wta-rate: fit or load the substrate first');
    return this.readout;
  }
}
