import { Network, type SpikeTrain } from '@scrutable/spiking-sim';
import type { InputTrains } from './input-trains.js';

/** The hidden neurons: leaky integrate-and-fire, voltage-jump synapses, no adaptation. */
export const HIDDEN_NEURON = {
  tauMs: 20,
  restMv: -65,
  resetMv: -65,
  thresholdMv: -50,
  refractoryMs: 2,
} as const;

/** One example's run of the hidden layer. */
export interface HiddenRun {
  readonly counts: Int32Array;
  /** Membrane potentials (mV) at t_k = k·sampleMs, k = 1..samples: [samples x hidden]; null unless sampled. */
  readonly potentials: Float64Array | null;
  readonly train: SpikeTrain | null;
  readonly synapticEvents: number;
}

/**
 * The hidden layer on the event-driven simulator: the input channels (a source population whose
 * spikes are injected at their encoded times) project all-to-all, without delay, onto the hidden LIF
 * neurons. The readout is not simulated: it integrates the hidden spike counts (see readout.ts).
 */
export class HiddenLayer {
  private readonly net: Network;
  private biased = false;

  constructor(
    readonly channels: number,
    readonly hidden: number,
    jumpsMv: Float64Array,
  ) {
    this.net = new Network({ seed: 0 });
    this.net.learning = false;
    this.net.addSource('input', channels);
    this.net.addLif('hidden', hidden, HIDDEN_NEURON);
    this.net.connect('input', 'hidden', {
      weight: (pre, post) => jumpsMv[post * channels + pre]!,
      delayMs: 0,
    });
  }

  /** Writes the synaptic jumps (mV), [hidden x channels]. */
  setJumps(jumpsMv: Float64Array): void {
    this.net.setWeights('input', 'hidden', jumpsMv);
  }

  /**
   * Presents one example for `windowMs`. `biasMv`: a constant current per hidden neuron, as the shift
   * of its resting potential (null: none). With `sampleMs`, samples every neuron's potential.
   */
  run(
    trains: InputTrains,
    windowMs: number,
    biasMv: Float64Array | null,
    sampleMs: number | null,
    record: boolean,
  ): HiddenRun {
    const net = this.net;
    // resetState keeps biases and puts each neuron at its biased rest, which a large bias lifts above
    // threshold; the bias is cleared first so every presentation starts at the unbiased rest.
    if (this.biased) net.setBias('hidden', new Float64Array(this.hidden));
    net.resetState(0);
    net.record('input', false);
    net.record('hidden', record);
    this.biased = biasMv !== null;
    if (biasMv) net.setBias('hidden', biasMv);
    for (let s = 0; s < trains.timesMs.length; s++)
      net.injectSpike('input', trains.channels[s]!, trains.timesMs[s]!);
    const before = net.synapticEvents;
    let potentials: Float64Array | null = null;
    if (sampleMs !== null) {
      const samples = Math.floor(windowMs / sampleMs);
      potentials = new Float64Array(samples * this.hidden);
      for (let k = 0; k < samples; k++) {
        net.run((k + 1) * sampleMs);
        potentials.set(net.state('hidden').v, k * this.hidden);
      }
    }
    net.run(windowMs);
    return {
      counts: net.spikeCounts('hidden'),
      potentials,
      train: record ? net.spikes('hidden') : null,
      synapticEvents: net.synapticEvents - before,
    };
  }
}
