/**
 * Showcase figures a run collects for the report (the top-level `showcase` field of results.json,
 * an addition the schema allows). Every part is optional: a missing part shows a short note.
 */
export interface Showcase {
  /** Gridworld policy before and after subtracting the cheese vector, as SVG pictures of the maze. */
  gridworld?: ReadonlyArray<{
    substrate: string;
    level: number;
    seed: number;
    beforeSvg: string;
    afterSvg?: string;
    /** P(step toward cheese) before / after, when the analysis measured it. */
    towardCheeseBefore?: number | null;
    towardCheeseAfter?: number | null;
  }>;
  /** Share of unit variance per Fourier frequency on modadd, per substrate. */
  fourier?: ReadonlyArray<{ substrate: string; level: number; spectrum: readonly number[] }>;
  /** Spike times of one test input at one site of a spiking substrate. */
  raster?: { substrate: string; site: string; units: readonly number[]; timesMs: readonly number[] };
  /** One weight matrix of a dense substrate, downsampled to at most 32 × 32 by block means. */
  weights?: { substrate: string; name: string; rows: number; cols: number; values: readonly number[] };
  /** Rules of the symbolic substrate, as text. */
  rules?: ReadonlyArray<{ substrate: string; task: string; level: number; text: string }>;
  /** The spiking simulator's measured STDP window against the rule it implements. */
  stdp?: { points: ReadonlyArray<{ dtMs: number; measured: number; expected: number }> };
  /** Why a part could not be collected (part name -> reason). */
  notes?: Readonly<Record<string, string>>;
}
