import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync as cli, tempDir, withoutTimings } from './cli-helpers.js';

// Results must not depend on the machine or its load: every budget counts work (epochs), so a run on a
// busy machine gives the same results.json as one on a quiet machine, apart from timing fields.

describe('results do not depend on the machine', () => {
  it('a run on a machine loaded by a CPU-bound process gives the results of a run on a quiet one', async () => {
    // the dense network is the substrate whose training a wall-clock cap used to cut short under load
    const config = join(tempDir('config'), 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ budgets: { dense: { epochs: 40 } }, analysis: { maxExamples: 48 } }),
    );
    const args = ['bench', '--config', config, '--substrates', 'dense,symbolic', '--tasks', 'boolean'];
    const common = [...args, '--levels', '1', '--no-cache', '--workers', '2', '--no-self-checks'];
    const quiet = tempDir('quiet');
    const busy = tempDir('busy');
    const q = await cli([...common, '--out', quiet]);
    expect(q.status, q.stderr).toBe(0);
    const burners: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}']));
    try {
      const b = await cli([...common, '--out', busy]);
      expect(b.status, b.stderr).toBe(0);
    } finally {
      for (const burner of burners) burner.kill('SIGKILL');
    }
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const [a, b] = [read(quiet), read(busy)];
    expect(a.cells.map((c: { id: string }) => c.id)).toEqual(b.cells.map((c: { id: string }) => c.id));
    expect(withoutTimings(b)).toEqual(withoutTimings(a));
  }, 300_000);
});

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

describe.skipIf(!canMount)('a full disk (a small tmpfs; needs root)', () => {
  it('stops the run naming the file, and records no other cell as failed', async () => {
    const mountPoint = tempDir('tiny');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24k', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) return; // no mount in this container: nothing to measure
    try {
      const out = join(mountPoint, 'o');
      const r = await cli([
        'bench',
        '--substrates',
        'symbolic,planted',
        '--tasks',
        'boolean,facts',
        '--levels',
        '1',
        '--seeds',
        '2',
        '--no-cache',
        '--workers',
        '2',
        '--out',
        out,
      ]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`error: cannot write ${out}/\\S+: no space left on the device`));
      const runs = spawnSync('sh', ['-c', `cat ${out}/runs/*.json 2>/dev/null`], { encoding: 'utf8' }).stdout;
      expect(runs).not.toContain('"status":"failed"');
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  }, 300_000);
});
