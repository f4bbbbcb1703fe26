import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, tempDir, withoutTimings } from './cli-helpers.js';

// A lane swaps its worker thread for a fresh one every --cells-per-worker cells (to bound memory);
// the fresh thread loads every package again, and must give the cells the same results.

const bench = (args: readonly string[]) => cliAsync(['bench', ...args]);

describe('worker threads replaced between cells', () => {
  it('a fresh thread for every cell gives the results of threads that run every cell', async () => {
    const config = join(tempDir('config'), 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ ladder: {}, budgets: { dense: { epochs: 40 } }, analysis: { maxExamples: 48 } }),
    );
    // scrambled takes dense's stored fit: a fresh thread must find it in the model store too
    const common = [
      '--config',
      config,
      '--substrates',
      'dense,scrambled,symbolic',
      '--tasks',
      'boolean,parity',
    ];
    const args = [...common, '--levels', '1', '--no-cache', '--workers', '2', '--no-self-checks'];
    const kept = tempDir('kept');
    const fresh = tempDir('fresh');
    const a = await bench([...args, '--out', kept]);
    expect(a.status, a.stderr).toBe(0);
    const b = await bench([...args, '--cells-per-worker', '1', '--out', fresh]);
    expect(b.status, b.stderr).toBe(0);
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const [x, y] = [read(kept), read(fresh)];
    expect(y.cells).toHaveLength(6);
    expect(y.cells.filter((c: { status: string }) => c.status !== 'ok')).toEqual([]);
    expect(withoutTimings(y)).toEqual(withoutTimings(x));
  }, 300_000);

  it('refuses a count under 1', async () => {
    const r = await bench(['--cells-per-worker', '0', '--out', tempDir('bad')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--cells-per-worker must be an integer >= 1, got '0'/);
  });
});
