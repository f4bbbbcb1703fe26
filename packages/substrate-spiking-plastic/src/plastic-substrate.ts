import {
  BaseSubstrate,
  type Capability,
  check,
  type Dataset,
  decodeFloat32,
  encodeFloat32,
  type FitOptions,
  type FitReport,
  type Intervention,
  type Matrix,
  type Observation,
  type ObserveOptions,
  type OutputHead,
  outputWidth,
  type ParameterView,
  type RunOptions,
  ScrutableError,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { type PlasticConfig, plasticConfig } from './config.js';
import { HiddenLayer } from './hidden-layer.js';
import { applyCountInterventions, driveChange } from './interventions.js';
import { batchDrives, DEFAULT_RUN_SEED, encodeBatch, runBatch } from './reading.js';
import { readoutOutputs } from './readout.js';
import { COUNTS_SITE, DRIVE_SITE, siteGroups } from './sites.js';
import { trainEprop } from './train.js';
import { type PlasticWeights, roundWeights, synapticJumps } from './weights.js';

export const PLASTIC_ID = 'spiking-plastic';

/** The four parameter arrays, by view name. */
const VIEWS = ['W_in', 'b_in', 'W_out', 'b_out'] as const;
type ViewName = (typeof VIEWS)[number];

/**
 * An event-driven spiking network that learns by e-prop (Bellec et al. 2020), a local three-factor
 * rule: rate-coded inputs (regular spikes by default, or Poisson) and a clock channel drive one hidden
 * layer of leaky integrate-and-fire neurons on the simulator; a non-spiking readout integrates the
 * hidden spikes over the window. Each synapse changes by its eligibility trace (presynaptic trace × postsynaptic pseudo-derivative) times
 * a learning signal broadcast from the output error.
 */
export class PlasticSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: PLASTIC_ID,
    family: 'spiking',
    synchronous: false,
    description:
      'Event-driven LIF network (one hidden layer, rate-coded inputs) trained by e-prop, a local three-factor plasticity rule (Bellec et al. 2020).',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
    'serialize',
  ]);
  readonly config: PlasticConfig;
  private weights: PlasticWeights | null = null;
  private layer: HiddenLayer | null = null;
  private jumps: Float64Array | null = null;

  constructor(config?: unknown) {
    super();
    this.config = plasticConfig(config ?? {});
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const started = performance.now();
    const result = trainEprop(dataset, this.config, options);
    this.commit(result.weights);
    return {
      epochs: result.epochs,
      wallMs: performance.now() - started,
      trainScore: result.trainAccuracy,
      details: {
        learning: 'e-prop',
        feedback: this.config.feedback,
        keptEpoch: result.bestEpoch,
        validationAccuracy: result.validationAccuracy,
        validationRows: result.validationRows,
        trainingSynapticEvents: result.synapticEvents,
        trainingSimulatedMs: result.simulatedMs,
        trainLoss: result.trainLoss.map((x) => x.toPrecision(3)).join(' '),
      },
    };
  }

  protected async _predict(inputs: Matrix, options: RunOptions): Promise<Matrix> {
    return this.read(inputs, [], options, false).outputs;
  }

  protected _units(): UnitGroup[] {
    return siteGroups(this.net().hidden);
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    options: ObserveOptions,
  ): Promise<Observation> {
    const started = performance.now();
    const reading = this.read(inputs, [], options, options.rasters === true);
    const states: Record<string, Matrix> = {};
    for (const site of sites) states[site] = site === DRIVE_SITE ? reading.drives : reading.counts;
    return {
      states,
      cost: {
        forwardPasses: inputs.rows,
        simulatedMs: inputs.rows * reading.windowMs,
        synapticEvents: reading.synapticEvents,
        wallMs: performance.now() - started,
      },
      ...(reading.rasters && sites.includes(COUNTS_SITE)
        ? { rasters: { [COUNTS_SITE]: reading.rasters } }
        : {}),
    };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
    options: RunOptions,
  ): Promise<Matrix> {
    return this.read(inputs, interventions, options, false).outputs;
  }

  /**
   * Reads a batch: drive interventions act first (on the simulated hidden layer), count interventions
   * on the counts the readout integrates, whatever their order in the list (drive is upstream).
   */
  private read(inputs: Matrix, interventions: readonly Intervention[], options: RunOptions, record: boolean) {
    const w = this.net();
    const windowMs = options.windowMs ?? this.config.windowMs;
    const trains = encodeBatch(inputs, this.config, windowMs, options.seed ?? DEFAULT_RUN_SEED);
    const drives = batchDrives(trains, this.jumps!, w.hidden);
    const run = runBatch(this.layer!, trains, windowMs, driveChange(drives, interventions), record);
    applyCountInterventions(run.counts, interventions);
    const outputs = readoutOutputs(run.counts, w, this.config.windowMs / windowMs, this.heads);
    return {
      outputs,
      drives,
      counts: run.counts,
      rasters: run.rasters,
      synapticEvents: run.synapticEvents,
      windowMs,
    };
  }

  protected override _parameters(): ParameterView[] {
    const w = this.net();
    const shapes: Record<ViewName, { rows: number; cols: number; from?: string; to: string }> = {
      W_in: { rows: w.hidden, cols: w.inputs, from: 'input', to: DRIVE_SITE },
      b_in: { rows: w.hidden, cols: 1, to: DRIVE_SITE },
      W_out: { rows: w.outputs, cols: w.hidden, from: COUNTS_SITE, to: 'output' },
      b_out: { rows: w.outputs, cols: 1, to: 'output' },
    };
    return VIEWS.map((name) => ({
      name,
      ...shapes[name],
      read: () => {
        if (this.weights !== w)
          throw new ScrutableError(
            'NOT_FITTED',
            `${PLASTIC_ID}: this view belongs to a network since re-fitted`,
          );
        return Float32Array.from(arrayOf(w, name));
      },
    }));
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const target = arrayOf(this.net(), name as ViewName);
    for (let i = 0; i < delta.length; i++) target[i] = Math.fround(target[i]! + delta[i]!);
    if (name === 'W_in' || name === 'b_in') {
      this.jumps = synapticJumps(this.net(), this.config);
      this.layer!.setJumps(this.jumps);
    }
  }

  protected override _save(): unknown {
    const w = this.net();
    return {
      config: this.config,
      heads: this.heads,
      inputWidth: this.inputWidth,
      hidden: w.hidden,
      outputs: w.outputs,
      ...Object.fromEntries(VIEWS.map((name) => [name, encodeFloat32(Float32Array.from(arrayOf(w, name)))])),
    };
  }

  /** Restores the state `_save` wrote; throws BAD_STATE on anything else. */
  restore(data: unknown): void {
    const d = data as Record<string, unknown> | null;
    try {
      check(d !== null && typeof d === 'object', 'no data');
      const heads = d.heads as OutputHead[];
      const inputs = d.inputWidth as number;
      const { hidden, outputs } = d as { hidden: number; outputs: number };
      check(Array.isArray(heads) && Number.isInteger(inputs) && inputs > 0, 'heads or input width missing');
      check(hidden === this.config.hidden && outputs === outputWidth(heads), 'sizes do not match the config');
      const read = (name: ViewName, length: number): Float64Array => {
        check(typeof d[name] === 'string', `${name} missing`);
        const values = Float64Array.from(decodeFloat32(d[name] as string));
        check(values.length === length, `${name} has the wrong size`);
        return values;
      };
      this.commit({
        inputs,
        hidden,
        outputs,
        input: read('W_in', hidden * inputs),
        clock: read('b_in', hidden),
        readout: read('W_out', outputs * hidden),
        readoutBias: read('b_out', outputs),
      });
      this.markLoaded(heads, inputs);
    } catch (e) {
      throw new ScrutableError(
        'BAD_STATE',
        `${PLASTIC_ID}: not a saved plastic network (${(e as Error).message})`,
      );
    }
  }

  /** The fitted weights (throws NOT_FITTED before fit or load). */
  net(): PlasticWeights {
    if (!this.weights) throw new ScrutableError('NOT_FITTED', `${PLASTIC_ID}: fit or load first`);
    return this.weights;
  }

  private commit(weights: PlasticWeights): void {
    roundWeights(weights);
    this.weights = weights;
    this.jumps = synapticJumps(weights, this.config);
    this.layer = new HiddenLayer(weights.inputs + 1, weights.hidden, this.jumps);
  }
}

function arrayOf(w: PlasticWeights, name: ViewName): Float64Array {
  if (name === 'W_in') return w.input;
  if (name === 'b_in') return w.clock;
  return name === 'W_out' ? w.readout : w.readoutBias;
}
