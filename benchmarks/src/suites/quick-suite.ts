import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inFreshIsolate } from '../fresh-isolate.js';
import type { BenchRecord, BenchSuite } from '../harness.js';

const cli = fileURLToPath(new URL('../../../apps/bench/dist/cli.js', import.meta.url));

/**
 * Wall seconds of one `scrutable bench` run with the given workers, without cache. Asynchronous, so
 * the suite can report progress and an interrupt reaches `bench:perf` while the run goes on.
 */
function timeRun(workers: number, extra: readonly string[]): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'scrutable-quick-'));
  const args = [cli, 'bench', '--suite', 'quick', '--workers', String(workers), '--no-cache', '--out', out];
  const started = performance.now();
  return new Promise<number>((resolve, reject) => {
    const child = spawn('node', [...args, ...extra], {
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // An interrupted bench:perf exits at once; the run it started must not go on without it.
    const stop = () => {
      child.kill();
      rmSync(out, { recursive: true, force: true });
    };
    process.once('exit', stop);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      process.off('exit', stop);
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`scrutable bench exited ${code}: ${stderr}`));
    });
  }).finally(() => rmSync(out, { recursive: true, force: true }));
}

/**
 * The speed-up this machine gives two independent copies of the same CPU-bound work (the spiking
 * benchmark network, see parallel-ceiling-worker): 2 × time alone / time of the slower of a pair
 * run at once. A program of independent cells, like the quick suite, cannot expect more here.
 */
async function parallelCeiling(): Promise<number> {
  type Timed = { ms: number };
  const alone = await inFreshIsolate<Timed>('parallel-ceiling-worker', null);
  const pair = await Promise.all([0, 1].map(() => inFreshIsolate<Timed>('parallel-ceiling-worker', null)));
  return (2 * alone.ms) / Math.max(...pair.map((p) => p.ms));
}

/** The whole quick suite (what `npm run bench` runs) with 1 and with 2 workers, and the speed-up. */
const suite: BenchSuite = {
  name: 'quick-suite',
  description:
    'Wall time of the quick comparison suite with 1 and 2 worker threads (target: <= 300 s with 2, speed-up >= 1.7).',
  async run({ size, repeats, log }) {
    // tiny: one small cell list, so the test suite proves the command still works
    const extra =
      size === 'tiny' ? ['--substrates', 'symbolic,planted', '--tasks', 'boolean', '--levels', '1'] : [];
    const runs = size === 'tiny' ? 1 : Math.min(repeats, 2);
    const one: number[] = [];
    const two: number[] = [];
    const ceiling: number[] = [];
    for (let r = 0; r < runs; r++) {
      for (const [workers, times] of [
        [1, one],
        [2, two],
      ] as const) {
        const which = `run ${r + 1} of ${runs}, ${workers} worker${workers > 1 ? 's' : ''}`;
        log(`${which}: started`);
        times.push(await timeRun(workers, extra));
        log(`${which}: ${times[r]!.toFixed(1)} s`);
      }
      if (size === 'full') ceiling.push(await parallelCeiling());
    }
    const records: BenchRecord[] = [
      { benchmark: 'quick-suite.workers-1', metric: 'wall time', unit: 's', samples: one, params: { extra } },
      {
        benchmark: 'quick-suite.workers-2',
        metric: 'wall time',
        unit: 's',
        samples: two,
        params: { extra },
        ...(size === 'full' ? { target: { op: '<=' as const, value: 300 } } : {}),
      },
      {
        benchmark: 'quick-suite.speed-up',
        metric: '1-worker / 2-worker time',
        unit: '×',
        samples: one.map((t, i) => t / two[i]!),
        ...(size === 'full' ? { target: { op: '>=' as const, value: 1.7 } } : {}),
      },
    ];
    if (size === 'full') {
      log(`two independent copies of one CPU-bound job: ${ceiling.map((c) => c.toFixed(2)).join(', ')}×`);
      records.push({
        benchmark: 'quick-suite.parallel-ceiling',
        metric: 'speed-up of two independent copies of one CPU-bound job',
        unit: '×',
        samples: ceiling,
      });
    }
    return records;
  },
};

export default suite;
