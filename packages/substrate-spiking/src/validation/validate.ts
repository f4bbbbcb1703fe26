import { type LifRateResult, measureLifRates } from './lif-rate.js';
import { runSongExperiment, type SongResult } from './song.js';
import { measureStdpWindow, type StdpWindowResult } from './stdp-window.js';

/** Everything `validateSpiking` measured, JSON-safe, with a verdict per check. */
export interface SpikingValidation {
  readonly stdpWindow: StdpWindowResult & { readonly tolerance: number; readonly passed: boolean };
  readonly lifRate: LifRateResult & { readonly tolerance: number; readonly passed: boolean };
  readonly song: SongResult & { readonly passed: boolean };
  readonly passed: boolean;
}

/**
 * Validates the simulator against independent computations: the STDP window against the rule's closed
 * form (within 2%), LIF firing rates against closed-form intervals (within 1%), and the Song et al.
 * (2000) bimodal weight distribution (at least 70% of weights within 10% of a bound, at most 20% in the
 * middle). `quick` shortens the Song run from 300 to 200 simulated seconds.
 */
export async function validateSpiking(
  options: { quick?: boolean; seed?: number } = {},
): Promise<SpikingValidation> {
  const window = measureStdpWindow();
  const rates = measureLifRates();
  const song = runSongExperiment({
    simulatedS: options.quick ? 200 : 300,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const stdpWindow = { ...window, tolerance: 0.02, passed: window.maxRelativeError <= 0.02 };
  const lifRate = { ...rates, tolerance: 0.01, passed: rates.maxRelativeError <= 0.01 };
  const songResult = { ...song, passed: song.nearBounds >= 0.7 && song.middle <= 0.2 };
  return {
    stdpWindow,
    lifRate,
    song: songResult,
    passed: stdpWindow.passed && lifRate.passed && songResult.passed,
  };
}
