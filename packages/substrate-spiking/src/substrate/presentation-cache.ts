import type { Raster } from '@scrutable/core';

/** What one presentation of one example, without interventions, produced. */
export interface PresentedRow {
  /** Spike counts of the excitatory and inhibitory neurons. */
  readonly exc: Int32Array;
  readonly inh: Int32Array;
  /** Spike times, kept when the reading that presented the row asked for them. */
  readonly rasters?: { readonly exc: Raster; readonly inh: Raster };
  readonly synapticEvents: number;
  readonly simulatedMs: number;
}

interface Entry {
  readonly values: Float32Array;
  readonly row: PresentedRow;
  readonly bytes: number;
}

/**
 * Presentations of examples without interventions, kept by network, run seed, window and the
 * example's values. A presentation resets the network and seeds its spike draws from the run seed and
 * the example's values, so presenting the same example to the same network again fires the same
 * spikes: the analyses read the same inputs many times (the splits' states, predictions, the
 * baselines of ablation and clamping, the untrained twin's fit), and replay them from here. Bounded
 * in bytes; the oldest presentations go first.
 */
export class PresentationCache {
  private readonly entries = new Map<string, Entry[]>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The stored presentation, when it holds rasters or none are needed. */
  get(key: string, values: Float32Array, rasters: boolean): PresentedRow | undefined {
    const found = this.entries.get(key)?.find((e) => sameValues(e.values, values));
    return found && (!rasters || found.row.rasters) ? found.row : undefined;
  }

  set(key: string, values: Float32Array, row: PresentedRow): void {
    const bytes =
      values.byteLength +
      row.exc.byteLength +
      row.inh.byteLength +
      (row.rasters ? rasterBytes(row.rasters.exc) + rasterBytes(row.rasters.inh) : 0);
    if (bytes > this.maxBytes) return;
    const list = (this.entries.get(key) ?? []).filter((e) => {
      const replaced = sameValues(e.values, values);
      if (replaced) this.bytes -= e.bytes;
      return !replaced;
    });
    list.push({ values: Float32Array.from(values), row, bytes });
    this.entries.delete(key);
    this.entries.set(key, list);
    this.bytes += bytes;
    for (const [oldest, kept] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      for (const e of kept) this.bytes -= e.bytes;
      this.entries.delete(oldest);
    }
  }
}

function rasterBytes(raster: Raster): number {
  return raster.units.byteLength + raster.timesMs.byteLength;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
