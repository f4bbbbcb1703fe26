/** Untimed warm-up runs before the timed ones: at least this many, and for at least WARM_UP_MS. */
const WARM_UP_RUNS = 3;
const WARM_UP_MS = 1000;
/** Timed runs per isolate; the isolate's figure is their median run. */
const MEASURED_RUNS = 5;

/**
 * The median of MEASURED_RUNS timed runs (ordered by `key`) after untimed warm-up runs, all in the
 * calling isolate. The warm-up compiles exactly the code paths the timed runs take; as JMH does per
 * fork, several measured iterations are taken, since one alone also measures whichever garbage
 * collection or background compilation happened to land in it.
 */
export function medianAfterWarmUp<T>(warmUp: () => unknown, measure: () => T, key: (run: T) => number): T {
  const started = performance.now();
  for (let r = 0; r < WARM_UP_RUNS || performance.now() - started < WARM_UP_MS; r++) warmUp();
  const runs = Array.from({ length: MEASURED_RUNS }, measure);
  runs.sort((a, b) => key(a) - key(b));
  return runs[MEASURED_RUNS >> 1]!;
}
