import { Network, type SpikeTrain } from '@scrutable/spiking-sim';
import type { ConvertedParameters } from './normalise.js';

/**
 * The converted hidden layers' neurons: non-leaky integrate-and-fire with reset by subtraction
 * (Rueckauer et al. 2017), threshold 1 above a rest of 0, no refractory period, τm 1 ms so a bias of
 * b (setBias, mV) is a current of b per ms.
 */
const IF_NEURON = {
  leaky: false,
  reset: 'subtract',
  restMv: 0,
  resetMv: 0,
  thresholdMv: 1,
  refractoryMs: 0,
  tauMs: 1,
} as const;

/** What to change in one example's run, per hidden layer (null: nothing). */
export interface LayerChanges {
  /** Extra charge per unit over the window (an add, in the site's state units). */
  readonly addedCharge: Float64Array | null;
  /** Charge each unit is driven by instead of its input (NaN: not clamped). */
  readonly clampedCharge: Float64Array | null;
}

/** One example's spikes: counts per hidden layer, spike trains when recorded, synaptic events. */
export interface LayerRun {
  readonly counts: Int32Array[];
  readonly trains: SpikeTrain[] | null;
  readonly synapticEvents: number;
}

export const layerName = (l: number): string => `h${l}`;

/**
 * The hidden layers of a converted network on the event-driven simulator. The input reaches layer 0
 * as a constant current (analog input, Rueckauer et al. 2017); each later layer receives the spikes of
 * the one before through all-to-all synapses without delay. The readout is not simulated: it is the
 * linear map of the last layer's counts (see ConvertedSubstrate).
 */
export class SpikingLayers {
  private readonly net: Network;
  private readonly hidden: number;

  constructor(private readonly params: ConvertedParameters) {
    this.hidden = params.layers.length - 1;
    this.net = new Network({ seed: 0 });
    this.net.learning = false;
    for (let l = 0; l < this.hidden; l++) this.net.addLif(layerName(l), params.layers[l]!.rows, IF_NEURON);
    for (let l = 1; l < this.hidden; l++) {
      const { weights, cols } = params.layers[l]!;
      this.net.connect(layerName(l - 1), layerName(l), {
        weight: (pre, post) => weights[post * cols + pre]!,
        delayMs: 0,
      });
    }
  }

  /** Writes layer l's weights (after an edit) into the synapses. */
  updateWeights(l: number): void {
    if (l > 0 && l < this.hidden)
      this.net.setWeights(layerName(l - 1), layerName(l), this.params.layers[l]!.weights);
  }

  /** Runs one example (`input`: one row) for `windowMs`, with the given changes per hidden layer. */
  run(
    input: Float32Array,
    windowMs: number,
    changes: readonly LayerChanges[] | null,
    record: boolean,
  ): LayerRun {
    const net = this.net;
    net.resetState(0);
    const before = net.synapticEvents;
    for (let l = 0; l < this.hidden; l++) {
      const name = layerName(l);
      net.record(name, record);
      const current = this.layerCurrent(l, input);
      const change = changes?.[l];
      if (change?.addedCharge)
        for (let i = 0; i < current.length; i++) current[i]! += change.addedCharge[i]! / windowMs;
      net.setBias(name, current);
      if (change?.clampedCharge) clamp(net, name, change.clampedCharge, windowMs);
    }
    net.run(windowMs);
    const counts = Array.from({ length: this.hidden }, (_, l) => net.spikeCounts(layerName(l)));
    const trains = record ? Array.from({ length: this.hidden }, (_, l) => net.spikes(layerName(l))) : null;
    return { counts, trains, synapticEvents: net.synapticEvents - before };
  }

  /** The constant current (charge per ms) into each unit of layer l: W·x + b for layer 0, b later. */
  layerCurrent(l: number, input: Float32Array): Float64Array {
    const { weights, biases, rows, cols } = this.params.layers[l]!;
    const current = Float64Array.from(biases);
    if (l > 0) return current;
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += weights[i * cols + j]! * input[j]!;
      current[i]! += sum;
    }
    return current;
  }
}

/**
 * Cuts the clamped units from their input and fires each as an integrate-and-fire neuron driven by a
 * constant current delivering charge c over the window: ⌊c⌋ spikes, at T/c, 2T/c, ... (none for c ≤ 0).
 */
function clamp(net: Network, name: string, charge: Float64Array, windowMs: number): void {
  const units: number[] = [];
  charge.forEach((c, i) => {
    if (!Number.isNaN(c)) units.push(i);
  });
  if (units.length === 0) return;
  net.force(name, units, new Float64Array(units.length));
  for (const i of units) {
    const c = charge[i]!;
    for (let k = 1; k <= Math.floor(c); k++) net.injectSpike(name, i, Math.min(windowMs, (k * windowMs) / c));
  }
}
