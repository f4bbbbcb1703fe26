import { spikingFactory } from './substrate/factory.js';

export { DEFAULT_CONFIG, type SpikingConfig, spikingConfig } from './substrate/config.js';
export { spikingFactory } from './substrate/factory.js';
export { fitReadout, type Labelling, type Readout, readOut } from './substrate/readout.js';
export { DEFAULT_RUN_SEED, SpikingSubstrate } from './substrate/spiking-substrate.js';

/** The registry entry: `spiking`. */
export default spikingFactory;
export { type LifRateResult, measureLifRates, type RatePoint } from './validation/lif-rate.js';
export { runSongExperiment, type SongResult } from './validation/song.js';
export {
  expectedStdp,
  measureStdpWindow,
  STDP_WINDOW_DT_MS,
  type StdpPoint,
  type StdpWindowResult,
} from './validation/stdp-window.js';
export { type SpikingValidation, validateSpiking } from './validation/validate.js';
