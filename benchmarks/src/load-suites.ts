import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSuite } from './harness.js';

/** Every suite in `suites/` (compiled .js under node, .ts under the test runner), by file name. */
export async function loadSuites(): Promise<BenchSuite[]> {
  const dir = fileURLToPath(new URL('./suites/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => /\.(js|ts)$/.test(f) && !/\.(test|d)\.[jt]s$/.test(f))
    .sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    suites.push(((await import(pathToFileURL(`${dir}${file}`).href)) as { default: BenchSuite }).default);
  }
  return suites;
}
