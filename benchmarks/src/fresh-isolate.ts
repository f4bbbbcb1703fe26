import { Worker } from 'node:worker_threads';

/**
 * Runs one of this package's worker modules (`src/<name>.ts`, compiled to `dist/<name>.js`) in a
 * worker thread of its own, a fresh V8 isolate: its own JIT state and its own module instances, so a
 * measurement is neither helped nor hurt by what ran before it (as JMH forks a JVM per benchmark).
 * Resolves to the one message the worker posts; rejects with the worker's error, its `code` kept.
 */
export function inFreshIsolate<T>(
  name: string,
  data: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  // Compiled code either way: this path reaches dist/ from src/ (under the test runner) and from dist/.
  const file = new URL(`../dist/${name}.js`, import.meta.url);
  return new Promise((resolve, reject) => {
    // Not the parent's flags: a test runner's source conditions would send the compiled worker to .ts files.
    const worker = new Worker(file, { workerData: data, env, execArgv: [] });
    let settled = false;
    worker.once('message', (result: T) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker ${name} exited with code ${code} without a result`));
    });
  });
}

/**
 * `repeats` samples of one worker module, each in a fresh isolate, one after another (never side by
 * side, which would measure the machine's sharing): the same job with seeds 1..repeats.
 */
export async function seededForks<T>(
  name: string,
  job: Record<string, unknown>,
  repeats: number,
): Promise<T[]> {
  const runs: T[] = [];
  for (let r = 0; r < repeats; r++) runs.push(await inFreshIsolate<T>(name, { ...job, seed: r + 1 }));
  return runs;
}
