import type { SelfCheck, SelfCheckOptions } from '@scrutable/core';
import { measureFiCurve } from './fi-curve.js';
import { DEFAULT_SIMULATOR, type SimulatorClass } from './simulator.js';
import { runSongExperiment } from './song.js';
import { measureStdpPairs } from './stdp-pairs.js';

/** The simulator computes traces exactly, so it must match the per-pair sum to rounding. */
export const STDP_TOLERANCE = 1e-6;
/** Rates within 1% of the brute-force integration (whose own error is about 1e−4). */
export const FI_TOLERANCE = 0.01;
/** Song et al.: at least this share of weights within 10% of each bound, and at most this in the middle. */
export const SONG_MIN_AT_EACH_BOUND = 0.2;
export const SONG_MAX_MIDDLE = 0.2;
const SONG_SIMULATED_S = 300;

/** Unequal time constants, so a swapped τ+ and τ− cannot pass. */
const STDP_TIMES = { aPlus: 0.008, aMinus: 0.006, tauPlusMs: 17, tauMinusMs: 34 } as const;
const STDP_MODES = [
  { dependence: 'additive', pairing: 'all-to-all', wMin: -1, wMax: 1 },
  { dependence: 'additive', pairing: 'nearest', wMin: -1, wMax: 1 },
  { dependence: 'multiplicative', pairing: 'all-to-all', wMin: 0, wMax: 1 },
  { dependence: 'multiplicative', pairing: 'nearest', wMin: 0, wMax: 1 },
] as const;

/**
 * The spiking package's self-checks, each against an independent computation: the STDP window in every
 * weight-dependence and pairing mode against a per-pair sum; LIF rates (f–I) against a brute-force
 * fine-step integration; and Song, Miller & Abbott (2000): additive STDP must leave a bimodal
 * distribution, with at least 20% of the weights at each bound (a run that collapses every weight onto
 * one bound fails). `simulator` swaps the simulator class (tests run the checks on broken ones).
 */
export async function spikingChecks(
  options: SelfCheckOptions & { readonly simulator?: SimulatorClass } = {},
): Promise<SelfCheck[]> {
  const simulator = options.simulator ?? DEFAULT_SIMULATOR;
  const checks: SelfCheck[] = [];
  for (const mode of STDP_MODES) {
    options.signal?.throwIfAborted();
    const result = measureStdpPairs({ ...STDP_TIMES, ...mode }, simulator);
    checks.push({
      name: `STDP window (${mode.dependence}, ${mode.pairing}, τ+ ${STDP_TIMES.tauPlusMs} ms, τ− ${STDP_TIMES.tauMinusMs} ms) against the per-pair sum`,
      passed: result.maxRelativeError <= STDP_TOLERANCE,
      observed: { maxRelativeError: result.maxRelativeError, points: result.points },
      expected: { maxRelativeError: `<= ${STDP_TOLERANCE}`, rule: result.rule },
    });
  }
  options.signal?.throwIfAborted();
  const fi = measureFiCurve(simulator);
  checks.push({
    name: 'LIF f–I curve against a brute-force fine-step integration',
    passed: fi.maxRelativeError <= FI_TOLERANCE,
    observed: fi,
    expected: { maxRelativeError: `<= ${FI_TOLERANCE}` },
  });
  options.signal?.throwIfAborted();
  const song = runSongExperiment({
    simulatedS: SONG_SIMULATED_S,
    simulator,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  checks.push({
    name: 'Song et al. (2000): additive STDP leaves a bimodal weight distribution',
    passed:
      song.nearLower >= SONG_MIN_AT_EACH_BOUND &&
      song.nearUpper >= SONG_MIN_AT_EACH_BOUND &&
      song.middle <= SONG_MAX_MIDDLE,
    observed: {
      nearLower: song.nearLower,
      nearUpper: song.nearUpper,
      middle: song.middle,
      histogram: song.histogram,
    },
    expected: { eachBoundAtLeast: SONG_MIN_AT_EACH_BOUND, middleAtMost: SONG_MAX_MIDDLE },
  });
  return checks;
}
