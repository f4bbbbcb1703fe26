/** How big a benchmark run is: `tiny` keeps it from rotting in the test suite, `full` records figures. */
export type BenchSize = 'tiny' | 'full';

/** One measured figure: repeated samples of one metric, after warm-up. */
export interface BenchRecord {
  /** e.g. `dense.train.tfjs-wasm`. */
  benchmark: string;
  /** e.g. `samples/s`, `synaptic events/s`, `wall ms per simulated s`. */
  metric: string;
  unit: string;
  /** One value per repeat (median and spread are computed from these). */
  samples: number[];
  /** Sizes and settings that produced the figure. */
  params?: Record<string, unknown>;
  /** A target this figure should meet, when the project has one. */
  target?: { op: '>=' | '<='; value: number };
}

/** A benchmark suite; each file in `src/suites/` default-exports one. */
export interface BenchSuite {
  name: string;
  description: string;
  run(options: { size: BenchSize; repeats: number; log: (line: string) => void }): Promise<BenchRecord[]>;
}
