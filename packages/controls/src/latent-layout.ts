import type { Latent } from '@scrutable/core';

/** A latent's name, kind and category count: what the layout needs, without the values. */
export type LatentSpec = Pick<Latent, 'name' | 'kind' | 'categories'>;

/** Where one latent lives among the planted units. */
export interface LatentSlot {
  readonly spec: LatentSpec;
  /** First unit of the latent. */
  readonly offset: number;
  /** Units it takes: its category count when categorical (one-hot), else 1. */
  readonly width: number;
}

/**
 * How latent values become unit states so a linear probe can read them: a binary or continuous
 * latent is one unit holding its value; a categorical latent with k categories is k one-hot units.
 */
export class LatentLayout {
  readonly slots: readonly LatentSlot[];
  /** Total units the latents take. */
  readonly width: number;

  constructor(specs: readonly LatentSpec[]) {
    let offset = 0;
    this.slots = specs.map((spec) => {
      const width = spec.kind === 'categorical' ? Math.max(1, spec.categories ?? 1) : 1;
      const slot = { spec, offset, width };
      offset += width;
      return slot;
    });
    this.width = offset;
  }

  /** One readable label per unit: `name` for a one-unit latent, `name=c` for category c. */
  labels(): string[] {
    return this.slots.flatMap((s) =>
      s.width === 1 && s.spec.kind !== 'categorical'
        ? [s.spec.name]
        : Array.from({ length: s.width }, (_, c) => `${s.spec.name}=${c}`),
    );
  }

  /** Writes the encoding of latent values into `out` starting at `start`. */
  encode(values: ArrayLike<number>, out: Float32Array, start = 0): void {
    this.slots.forEach((slot, i) => {
      const v = values[i]!;
      if (slot.spec.kind === 'categorical') {
        out.fill(0, start + slot.offset, start + slot.offset + slot.width);
        const c = Math.round(v);
        if (c >= 0 && c < slot.width) out[start + slot.offset + c] = 1;
      } else out[start + slot.offset] = v;
    });
  }

  /**
   * The value a latent's (possibly edited) units stand for: the argmax category of a one-hot group
   * (the first on ties), a binary unit thresholded at 0.5, a continuous unit as is.
   */
  decode(slot: LatentSlot, units: ArrayLike<number>, start = 0): number {
    if (slot.spec.kind === 'categorical') {
      let best = 0;
      for (let c = 1; c < slot.width; c++)
        if (units[start + slot.offset + c]! > units[start + slot.offset + best]!) best = c;
      return best;
    }
    const v = units[start + slot.offset]!;
    return slot.spec.kind === 'binary' ? (v > 0.5 ? 1 : 0) : v;
  }
}
