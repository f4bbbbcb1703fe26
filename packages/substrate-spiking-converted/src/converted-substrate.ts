import {
  BaseSubstrate,
  type Capability,
  check,
  type Dataset,
  decodeFloat32,
  encodeFloat32,
  type FitOptions,
  type FitReport,
  headActivations,
  type Intervention,
  type Matrix,
  type Observation,
  type ObserveOptions,
  type OutputHead,
  outputWidth,
  type ParameterView,
  type Raster,
  type RunOptions,
  ScrutableError,
  type Substrate,
  type SubstrateFactory,
  type SubstrateInfo,
  takeRows,
  type UnitGroup,
} from '@scrutable/core';
import { type ConvertedConfig, convertedConfig } from './config.js';

import { planInterventions } from './interventions.js';
import { type ConvertedParameters, normalise } from './normalise.js';
import { type BatchReading, logitsFromReadout, readBatch } from './readings.js';
import { readReluChain } from './relu-chain.js';
import { countsSite, driveSite, parseSite, READOUT_SITE, siteGroups } from './sites.js';
import { SpikingLayers } from './spiking-layers.js';

export const CONVERTED_ID = 'spiking-converted';

/** Training inputs on which the source is checked to be the ReLU chain its parameters describe. */
const RELU_PROBE_ROWS = 64;

/**
 * A fitted feed-forward ReLU network converted to an event-driven, rate-coded spiking network
 * (Diehl et al. 2015; Rueckauer et al. 2017). `fit` fits the source substrate through its factory,
 * reads its parameter views, checks that it computes them with ReLU, normalises weights and biases by
 * a percentile of each layer's training activations, and builds non-leaky integrate-and-fire layers
 * with reset by subtraction on the simulator. The input enters as a constant current and biases as
 * constant currents; outputs are read from the last hidden layer's counts over a window.
 */
export class ConvertedSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
    'serialize',
  ]);
  readonly config: ConvertedConfig;
  private params: ConvertedParameters | null = null;
  private layers: SpikingLayers | null = null;

  constructor(
    private readonly source: SubstrateFactory | null,
    config?: unknown,
  ) {
    super();
    this.config = convertedConfig(config ?? {});
    this.info = {
      id: CONVERTED_ID,
      family: 'spiking',
      synchronous: false,
      description: `Event-driven integrate-and-fire network converted from a trained ReLU network (${source?.id ?? 'source'}), rate-coded over a window.`,
    };
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const started = performance.now();
    if (!this.source)
      throw new ScrutableError('BAD_INPUT', `${CONVERTED_ID}: created without a source factory to convert`);
    const source = this.source.create({ config: this.config.source });
    try {
      const report = await source.fit(dataset, options);
      options.signal?.throwIfAborted();
      const params = await this.convert(source, dataset);
      options.signal?.throwIfAborted();
      // Built aside and committed last, so an aborted re-fit leaves the previous network intact.
      this.commit(params);
      return {
        epochs: report.epochs,
        wallMs: performance.now() - started,
        details: {
          source: source.info.id,
          ...(report.trainScore !== undefined ? { sourceTrainScore: report.trainScore } : {}),
          lambdas: params.lambdas.map((x) => x.toPrecision(4)).join(' '),
        },
      };
    } finally {
      source.dispose();
    }
  }

  /**
   * Converts an already fitted source (trained on `dataset`) in place of fitting one: what `fit` does
   * after fitting its own. The self-checks use it to compare the converted network with its source.
   */
  async convertFitted(source: Substrate, dataset: Dataset): Promise<void> {
    check(source.fitted, `${CONVERTED_ID}: the source must be fitted`);
    this.commit(await this.convert(source, dataset));
    this.markLoaded(dataset.heads, dataset.train.inputs.cols);
  }

  private async convert(source: Substrate, dataset: Dataset): Promise<ConvertedParameters> {
    const probeRows = Array.from(
      { length: Math.min(RELU_PROBE_ROWS, dataset.train.inputs.rows) },
      (_, i) => i,
    );
    const chain = await readReluChain(source, takeRows(dataset.train.inputs, probeRows));
    return roundToFloat32(
      normalise(chain, dataset.train.inputs, this.config.percentile, this.config.maxRateHz),
    );
  }

  protected async _predict(inputs: Matrix, options: RunOptions): Promise<Matrix> {
    const windowMs = this.window(options);
    const reading = readBatch(this.net(), this.spiking(), inputs, windowMs, null, false);
    return this.outputs(reading.readout, windowMs);
  }

  protected _units(): UnitGroup[] {
    const layers = this.net().layers;
    return siteGroups(
      layers.slice(0, -1).map((l) => l.rows),
      outputWidth(this.heads),
    );
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    options: ObserveOptions,
  ): Promise<Observation> {
    const started = performance.now();
    const windowMs = this.window(options);
    const reading = readBatch(this.net(), this.spiking(), inputs, windowMs, null, options.rasters === true);
    const states: Record<string, Matrix> = {};
    const rasters: Record<string, readonly Raster[]> = {};
    for (const site of sites) {
      states[site] = stateAt(reading, site);
      const ref = parseSite(site);
      if (reading.rasters && ref.kind === 'counts') rasters[site] = reading.rasters[ref.layer]!;
    }
    return {
      states,
      cost: {
        forwardPasses: inputs.rows,
        simulatedMs: inputs.rows * windowMs,
        synapticEvents: reading.synapticEvents,
        wallMs: performance.now() - started,
      },
      ...(reading.rasters ? { rasters } : {}),
    };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
    options: RunOptions,
  ): Promise<Matrix> {
    const windowMs = this.window(options);
    const params = this.net();
    const needsBaseline = interventions.some((iv) => iv.kind === 'ablate' && iv.value === 'mean');
    const baseline = needsBaseline ? readBatch(params, this.spiking(), inputs, windowMs, null, false) : null;
    const hiddenSizes = params.layers.slice(0, -1).map((l) => l.rows);
    const plan = planInterventions(interventions, hiddenSizes, inputs.rows, baseline);
    const reading = readBatch(params, this.spiking(), inputs, windowMs, plan.changes, false);
    plan.applyToReadout(reading.readout);
    return this.outputs(reading.readout, windowMs);
  }

  protected override _parameters(): ParameterView[] {
    const params = this.net();
    const hidden = params.layers.length - 1;
    return params.layers.flatMap((layer, l): ParameterView[] => {
      const to = l < hidden ? driveSite(l) : READOUT_SITE;
      const from = l === 0 ? 'input' : countsSite(l - 1);
      const current = () => {
        if (this.params !== params)
          throw new ScrutableError(
            'NOT_FITTED',
            `${CONVERTED_ID}: this view belongs to a network since re-fitted`,
          );
        return params.layers[l]!;
      };
      return [
        {
          name: `W${l}`,
          from,
          to,
          rows: layer.rows,
          cols: layer.cols,
          read: () => Float32Array.from(current().weights),
        },
        { name: `b${l}`, to, rows: layer.rows, cols: 1, read: () => Float32Array.from(current().biases) },
      ];
    });
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const l = Number(name.slice(1));
    const layer = this.net().layers[l]!;
    const target = name.startsWith('W') ? layer.weights : layer.biases;
    for (let i = 0; i < delta.length; i++) target[i] = Math.fround(target[i]! + delta[i]!);
    if (name.startsWith('W')) this.spiking().updateWeights(l);
  }

  protected override _save(): unknown {
    const params = this.net();
    return {
      config: this.config,
      heads: this.heads,
      inputWidth: this.inputWidth,
      ratePerMs: params.ratePerMs,
      lambdas: params.lambdas,
      layers: params.layers.map((l) => ({
        rows: l.rows,
        cols: l.cols,
        weights: encodeFloat32(Float32Array.from(l.weights)),
        biases: encodeFloat32(Float32Array.from(l.biases)),
      })),
    };
  }

  /** Restores the state `_save` wrote; throws BAD_STATE on anything else. */
  restore(data: unknown): void {
    const d = data as {
      heads?: OutputHead[];
      inputWidth?: number;
      ratePerMs?: number;
      lambdas?: number[];
      layers?: { rows: number; cols: number; weights: string; biases: string }[];
    } | null;
    try {
      check(Array.isArray(d?.layers) && d.layers.length >= 2, 'layers missing');
      check(Array.isArray(d.heads) && Number.isInteger(d.inputWidth), 'heads or input width missing');
      check(typeof d.ratePerMs === 'number' && Array.isArray(d.lambdas), 'rate or lambdas missing');
      const layers = d.layers.map((l) => {
        const weights = Float64Array.from(decodeFloat32(l.weights));
        const biases = Float64Array.from(decodeFloat32(l.biases));
        check(weights.length === l.rows * l.cols && biases.length === l.rows, 'a layer has the wrong size');
        return { rows: l.rows, cols: l.cols, weights, biases };
      });
      this.commit({ layers, lambdas: d.lambdas, ratePerMs: d.ratePerMs });
      this.markLoaded(d.heads, d.inputWidth!);
    } catch (e) {
      throw new ScrutableError(
        'BAD_STATE',
        `${CONVERTED_ID}: not a saved converted network (${(e as Error).message})`,
      );
    }
  }

  /** Reads a batch over `windowMs` with every spike recorded (see agreementCurve). */
  readRecorded(inputs: Matrix, windowMs: number): BatchReading {
    return readBatch(this.net(), this.spiking(), inputs, windowMs, null, true);
  }

  /** Outputs from the readout's drive over a window of `windowMs`. */
  outputs(readout: Matrix, windowMs: number): Matrix {
    return headActivations(logitsFromReadout(readout, this.net(), windowMs), this.heads);
  }

  /** The converted parameters (throws NOT_FITTED before fit or load). */
  net(): ConvertedParameters {
    if (!this.params) throw new ScrutableError('NOT_FITTED', `${CONVERTED_ID}: fit or load first`);
    return this.params;
  }

  private spiking(): SpikingLayers {
    this.net();
    return this.layers!;
  }

  private commit(params: ConvertedParameters): void {
    this.params = params;
    this.layers = new SpikingLayers(params);
  }

  private window(options: RunOptions): number {
    return options.windowMs ?? this.config.windowMs;
  }
}

function stateAt(reading: BatchReading, site: string): Matrix {
  const ref = parseSite(site);
  if (ref.kind === 'readout') return reading.readout;
  return ref.kind === 'drive' ? reading.drives[ref.layer]! : reading.counts[ref.layer]!;
}

/** Parameters rounded to float32, the precision the views and saved files carry. */
function roundToFloat32(params: ConvertedParameters): ConvertedParameters {
  return {
    ...params,
    layers: params.layers.map((l) => ({
      ...l,
      weights: l.weights.map(Math.fround),
      biases: l.biases.map(Math.fround),
    })),
  };
}
