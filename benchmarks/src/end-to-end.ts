import type { EndToEndRun } from './brette2007.js';
import { inFreshIsolate } from './fresh-isolate.js';

/**
 * `repeats` end-to-end samples (build + `simulatedMs` simulated) of the benchmark 4 network of
 * `neurons` neurons, seeds 1..repeats, each in a fresh isolate, one after another.
 */
export async function endToEndSamples(
  neurons: number,
  simulatedMs: number,
  repeats: number,
): Promise<EndToEndRun[]> {
  const runs: EndToEndRun[] = [];
  for (let r = 0; r < repeats; r++)
    runs.push(
      await inFreshIsolate<EndToEndRun>('brette2007-end-to-end-worker', {
        neurons,
        simulatedMs,
        seed: r + 1,
      }),
    );
  return runs;
}
