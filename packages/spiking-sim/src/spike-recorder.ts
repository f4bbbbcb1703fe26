/** Recorded spikes: parallel arrays of local neuron index and time (ms), in time order. */
export interface SpikeTrain {
  readonly neurons: Int32Array;
  readonly timesMs: Float64Array;
}

/** Room for this many spikes at first; the record doubles when full. */
const INITIAL_CAPACITY = 1024;

/** The spikes of every recorded neuron, as growable parallel arrays of global index and time (ms). */
export class SpikeRecorder {
  private neurons = new Int32Array(INITIAL_CAPACITY);
  private times = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  /** Records a spike of global neuron j at t (ms). */
  add(j: number, t: number): void {
    if (this.count === this.neurons.length) {
      const neurons = new Int32Array(this.count * 2);
      const times = new Float64Array(this.count * 2);
      neurons.set(this.neurons);
      times.set(this.times);
      this.neurons = neurons;
      this.times = times;
    }
    this.neurons[this.count] = j;
    this.times[this.count] = t;
    this.count++;
  }

  /** Forgets every recorded spike. */
  clear(): void {
    this.count = 0;
  }

  /** The recorded spikes of global neurons offset .. offset + size − 1, with local indices. */
  train(offset: number, size: number): SpikeTrain {
    const neurons: number[] = [];
    const times: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const j = this.neurons[k]!;
      if (j >= offset && j < offset + size) {
        neurons.push(j - offset);
        times.push(this.times[k]!);
      }
    }
    return { neurons: Int32Array.from(neurons), timesMs: Float64Array.from(times) };
  }
}
