import type { SubstrateFactory } from '@scrutable/core';
import { spikingFactory as bareFactory } from './substrate/factory.js';
import { spikingChecks } from './validation/checks.js';

export { DEFAULT_CONFIG, type SpikingConfig, spikingConfig } from './substrate/config.js';
export { fitReadout, type Labelling, type Readout, readOut } from './substrate/readout.js';
export { DEFAULT_RUN_SEED, SpikingSubstrate } from './substrate/spiking-substrate.js';

/** The registry entry `spiking`, with its self-checks of the simulator (`scrutable validate spiking`). */
export const spikingFactory: SubstrateFactory = {
  ...bareFactory,
  checks: (options) => spikingChecks(options),
};
export default spikingFactory;
export { UNTRAINED_SPIKING_ID, UntrainedSpikingSubstrate, untrainedSpikingFactory } from './untrained.js';
export {
  FI_TOLERANCE,
  SONG_MAX_MIDDLE,
  SONG_MIN_AT_EACH_BOUND,
  STDP_TOLERANCE,
  spikingChecks,
} from './validation/checks.js';
export { bruteForceSpikeTimes, type FiPoint, measureFiCurve } from './validation/fi-curve.js';
export { type LifRateResult, measureLifRates, type RatePoint } from './validation/lif-rate.js';
export type { SimulatorClass } from './validation/simulator.js';
export { runSongExperiment, type SongResult } from './validation/song.js';
export {
  measureStdpPairs,
  perPairStdp,
  STDP_PAIR_DT_MS,
  type StdpPairPoint,
} from './validation/stdp-pairs.js';
export {
  expectedStdp,
  measureStdpWindow,
  STDP_WINDOW_DT_MS,
  type StdpPoint,
  type StdpWindowResult,
} from './validation/stdp-window.js';
