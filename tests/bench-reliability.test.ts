import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, tempDir } from './cli-helpers.js';

// The reliability review's reproductions, each run on the BUILT command line as a user would. The
// misbehaving substrates come from a fixture package loaded through a config's `packages`.

// each test runs the CLI one to six times: room for a loaded machine
vi.setConfig({ testTimeout: 240_000 });

const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));

const CONFIG = join(tempDir('config'), 'faulty.json');
writeFileSync(
  CONFIG,
  JSON.stringify({ packages: ['scrutable-faulty-fixture'], analysis: { maxExamples: 48 } }),
);
/** `bench` over `substrates` on boolean L1, one seed, no cache. */
const bench = (substrates: string, ...extra: string[]) =>
  cli([
    'bench',
    '--config',
    CONFIG,
    '--substrates',
    substrates,
    '--tasks',
    'boolean',
    '--levels',
    '1',
    '--no-cache',
    ...extra,
  ]);

interface Cell {
  id: string;
  substrate: string;
  status: string;
  error?: string;
}
const cellOf = (dir: string, substrate: string): Cell =>
  results(dir).cells.find((c: Cell) => c.substrate === substrate);

describe('substrate output is checked, never scored (review 5b)', () => {
  it('fails NaN, wrong-shape and non-finite observed output with a typed error', () => {
    const out = tempDir('nan');
    const r = bench(
      'faulty-nan,faulty-shape,faulty-observe,faulty-circular,faulty-ok',
      '--workers',
      '0',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(1);
    expect(cellOf(out, 'faulty-nan').error).toMatch(
      /^predict: SubstrateOutputError: .*non-finite value \(NaN\)/,
    );
    expect(cellOf(out, 'faulty-shape').error).toMatch(/^predict: SubstrateOutputError: .*expected \d+x1/);
    expect(cellOf(out, 'faulty-observe').error).toMatch(
      /SubstrateOutputError: observe returned at site 'table'/,
    );
    // a result that cannot be written fails its own cell, named by the step that failed (review row 5)
    expect(cellOf(out, 'faulty-circular').error).toMatch(/^record: TypeError: Converting circular structure/);
    expect(cellOf(out, 'faulty-ok').status).toBe('ok');
    // never scored: the failed cells carry no capability into the summary
    for (const id of ['faulty-nan', 'faulty-shape']) expect(cellOf(out, id)).not.toHaveProperty('capability');
  });
});

describe('a misbehaving substrate costs one failed cell (review 5c, 5d)', () => {
  for (const workers of ['0', '2'])
    it(`with --workers ${workers}: an async throw, process.exit and a fit that never returns`, () => {
      const out = tempDir(`isolation-${workers}`);
      const r = bench(
        'faulty-uncaught,faulty-exit,faulty-hang,faulty-ok',
        '--workers',
        workers,
        '--cell-timeout',
        '15',
        '--out',
        out,
      );
      expect(r.status, r.stderr).toBe(1);
      expect(cellOf(out, 'faulty-uncaught').error).toContain('faulty: uncaught async error');
      expect(cellOf(out, 'faulty-exit').error).toMatch(/exit(ed with code:)? ?\(?3\)?/);
      expect(cellOf(out, 'faulty-hang').error).toContain('stopped by the watchdog');
      expect(cellOf(out, 'faulty-ok').status).toBe('ok');
      for (const f of ['results.json', 'report.md', 'index.html'])
        expect(existsSync(join(out, f))).toBe(true);
    });
});

describe('reused results are checked (review 1c, 1d, 1e)', () => {
  const substrates = 'faulty-ok,symbolic';
  const args = ['--workers', '0'];

  it('recomputes an edited, schema-invalid or truncated cache entry with a warning naming it', () => {
    const cache = tempDir('cache');
    expect(bench(substrates, ...args, '--cache', cache, '--out', tempDir('fill')).status).toBe(0);
    const [edited, invalid] = readdirSync(cache).map((f) => join(cache, f)) as [string, string];
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/"test":[0-9.e-]+/, '"test":0.123456'));
    writeFileSync(invalid, JSON.stringify({ id: invalid.slice(-21, -5), status: 'ok' }));
    const out = tempDir('after');
    const r = bench(substrates, ...args, '--cache', cache, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${edited} does not match its checksum`);
    expect(r.stderr).toContain(`${invalid} does not match the results schema`);
    expect(r.stdout).toContain('2 cells computed, 0 reused');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).not.toContain('0.123456');
    // and the entries were rewritten whole: the next run reuses both, silently
    const again = bench(substrates, ...args, '--cache', cache, '--out', tempDir('again'));
    expect(again.stdout).toContain('0 cells computed, 2 reused');
    expect(again.stderr).not.toContain('computing the cell again');
  });

  it('with --resume, recomputes an edited or empty run file with a warning', () => {
    const out = tempDir('resume');
    expect(bench(substrates, ...args, '--out', out).status).toBe(0);
    const [edited, emptied] = readdirSync(join(out, 'runs')).map((f) => join(out, 'runs', f)) as [
      string,
      string,
    ];
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/"index":[^,]+/, '"index":0.999999'));
    writeFileSync(emptied, '');
    const r = bench(substrates, ...args, '--out', out, '--resume');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${edited} does not match its checksum`);
    expect(r.stderr).toContain(`${emptied} is not valid JSON`);
    expect(r.stdout).toContain('2 cells computed, 0 reused');
  });
});

describe('bad paths and inputs are refused up front (review 4, 7b)', () => {
  it('refuses /proc folders and files at once, with exit 2', () => {
    for (const flags of [
      ['--out', '/proc/scrutable-out'],
      ['--cache', '/proc/scrutable-cache'],
    ]) {
      const r = bench('faulty-ok', '--workers', '0', '--out', tempDir('proc'), ...flags);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/cannot be used as a folder/);
    }
    const merge = cli(['merge', tempDir('none'), '--out', '/proc/scrutable-merge']);
    expect(merge.status).toBe(2);
  });

  it('tasks export --out errors as clearly as bench: exit 2, naming the path, never a temporary file', () => {
    const dir = tempDir('export');
    mkdirSync(join(dir, 'adir'));
    writeFileSync(join(dir, 'afile'), 'x');
    for (const [out, message] of [
      [join(dir, 'adir'), 'is a folder, not a file'],
      [join(dir, 'afile', 'x.csv'), 'a file is in the way'],
      ['', "--out needs a file, got ''"],
      ['/proc/scrutable.csv', "--out '/proc'"],
    ] as const) {
      const r = cli(['tasks', 'export', 'boolean', '--level', '1', '--seed', '0', '--out', out]);
      expect(r.status, out).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\.tmp/);
    }
  });

  it('refuses an unbounded shard count, and a config package that cannot be imported', () => {
    expect(bench('faulty-ok', '--shard', '1/99999999999999999999', '--out', tempDir('shard')).status).toBe(2);
    const missing = join(tempDir('config'), 'missing.json');
    writeFileSync(missing, JSON.stringify({ packages: ['not-installed-package'] }));
    const r = cli(['substrates', 'list', '--config', missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not-installed-package: cannot be imported');
  });

  it('refuses a second writer while --out is locked by a live process, and takes over a dead one’s lock', async () => {
    const out = tempDir('lock');
    const sleeper: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(out, '.scrutable.lock'), JSON.stringify({ pid: sleeper.pid, host: hostname() }));
      const r = bench('faulty-ok', '--workers', '0', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`is in use by process ${sleeper.pid}`);
    } finally {
      const exited = once(sleeper, 'exit');
      sleeper.kill('SIGKILL');
      await exited; // reaped, so its pid is gone
    }
    expect(bench('faulty-ok', '--workers', '0', '--out', out).status).toBe(0);
    expect(existsSync(join(out, '.scrutable.lock'))).toBe(false);
  });

  it('rejects an out-of-range accuracy in results.json', () => {
    const out = tempDir('range');
    expect(bench('faulty-ok', '--workers', '0', '--out', out).status).toBe(0);
    const file = join(out, 'results.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"test": [0-9.e-]+/, '"test": 1234.5'));
    const r = cli(['report', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('must be <= 1');
  });
});

describe('shards and merge (review 2c, 2d)', () => {
  const shardRun = (tasks: string, shard: string) => {
    const out = tempDir('shard');
    const r = cli([
      'bench',
      '--config',
      CONFIG,
      '--substrates',
      'faulty-ok,symbolic',
      '--tasks',
      tasks,
      '--levels',
      '1',
      '--seeds',
      '2',
      '--no-cache',
      '--workers',
      '0',
      '--shard',
      shard,
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    return out;
  };

  it('refuses shards of different counts or a lone shard unless --partial, which the report flags', () => {
    const half = shardRun('boolean,facts', '1/2');
    const third = shardRun('boolean,facts', '2/3');
    const mixed = cli(['merge', half, third, '--out', tempDir('m')]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('shards of different counts');
    const alone = cli(['merge', half, '--out', tempDir('m')]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('shard 2/2 missing');
    const partialOut = tempDir('partial');
    const partial = cli(['merge', half, '--partial', '--out', partialOut]);
    expect(partial.status, partial.stderr).toBe(0);
    expect(results(partialOut).run.partial).toBe(true);
    expect(readFileSync(join(partialOut, 'report.md'), 'utf8')).toContain('PARTIAL');
  });

  it('merges shards whose configs list the tasks in another order', () => {
    const a = shardRun('boolean,facts', '1/2');
    const b = shardRun('facts,boolean', '2/2');
    const out = tempDir('merged');
    const r = cli(['merge', a, b, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(results(out).cells).toHaveLength(8);
  });
});

describe('self-checks come through the factory', () => {
  it('validate <substrate> --json prints { substrate, passed, checks } and exits 1 on a failed check', () => {
    const config = ['--config', CONFIG];
    const ok = cli(['validate', 'faulty-checks', '--json', ...config]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      substrate: 'faulty-checks',
      passed: true,
      checks: [{ name: 'one plus one', passed: true, observed: 2, expected: 2 }],
    });
    const failing = cli(['validate', 'faulty-checks-fail', '--json', ...config]);
    expect(failing.status).toBe(1);
    expect(JSON.parse(failing.stdout).passed).toBe(false);
    expect(cli(['validate', 'faulty-ok', ...config]).status).toBe(1);
    // a derived substrate's checks get its source's factory, as its create does
    const derived = cli(['validate', 'faulty-checks-derived', '--json', ...config]);
    expect(derived.status, derived.stdout).toBe(0);
    expect(JSON.parse(derived.stdout).checks[0].observed).toBe('faulty-ok');
  });

  it('a bench run stores them in results.json and the report shows them', () => {
    const out = tempDir('checks');
    expect(bench('faulty-checks', '--workers', '0', '--out', out).status).toBe(0);
    expect(results(out).selfChecks['faulty-checks'].passed).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/Self-checks[\s\S]*one plus one/);
  });
});
