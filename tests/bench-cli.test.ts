import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cli, ROOT, tempDir, withoutTimings } from './cli-helpers.js';

// These tests run the BUILT command line, exactly as a user does.

/** The fast substrates this test prefers, among those the registry finds. */
function tinySubstrates(): string {
  const listed = cli(['substrates', 'list', '--json']);
  expect(listed.status, listed.stderr).toBe(0);
  const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((s) => s.id);
  const preferred = ['symbolic', 'planted'].filter((id) => ids.includes(id));
  const chosen = preferred.length ? preferred : ids.slice(0, 2);
  expect(chosen.length, 'the registry found no substrate').toBeGreaterThan(0);
  return chosen.join(',');
}

function results(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

const SUBSTRATES = tinySubstrates();
// a config file keeps the analyses small (and checks config files are read)
const CONFIG = join(tempDir('config'), 'config.json');
// no dense ladder: these tests count cells per substrate
writeFileSync(CONFIG, JSON.stringify({ analysis: { maxExamples: 48 }, ladder: {} }));
const TINY = [
  '--substrates',
  SUBSTRATES,
  '--tasks',
  'boolean',
  '--levels',
  '1',
  '--no-cache',
  '--config',
  CONFIG,
];

describe('scrutable bench (built CLI)', () => {
  it('runs a tiny real benchmark and writes every output', () => {
    const out = tempDir('tiny');
    const r = cli(['bench', ...TINY, '--seeds', '2', '--workers', '1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    for (const file of ['results.json', 'results.csv', 'report.md', 'index.html'])
      expect(existsSync(join(out, file))).toBe(true);
    const res = results(out);
    const expected = SUBSTRATES.split(',').length * 2;
    expect(res.cells).toHaveLength(expected);
    expect(readdirSync(join(out, 'runs'))).toHaveLength(expected);
    expect(res.cells.every((c: { status: string }) => c.status === 'ok')).toBe(true);
    expect(res.config.analysis.maxExamples).toBe(48);
  });

  it('rebuilds identical report files from results.json', () => {
    const out = tempDir('report');
    expect(cli(['bench', ...TINY, '--workers', '0', '--out', out]).status).toBe(0);
    const files = ['results.csv', 'report.md', 'index.html'];
    const before = files.map((f) => readFileSync(join(out, f), 'utf8'));
    const r = cli(['report', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(files.map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);
  });

  it('gives the same cells from two shards merged as from one run', () => {
    const [a, b, merged, whole] = ['shard-a', 'shard-b', 'merged', 'whole'].map(tempDir) as [
      string,
      string,
      string,
      string,
    ];
    const args = [...TINY, '--seeds', '2', '--workers', '0'];
    expect(cli(['bench', ...args, '--shard', '1/2', '--out', a]).status).toBe(0);
    expect(cli(['bench', ...args, '--shard', '2/2', '--out', b]).status).toBe(0);
    const r = cli(['merge', a, b, '--out', merged]);
    expect(r.status, r.stderr).toBe(0);
    expect(cli(['bench', ...args, '--out', whole]).status).toBe(0);
    const shardCells = results(a).cells.length + results(b).cells.length;
    expect(shardCells).toBe(results(whole).cells.length);
    expect(withoutTimings(results(merged).cells)).toEqual(withoutTimings(results(whole).cells));
    expect(withoutTimings(results(merged).summary)).toEqual(withoutTimings(results(whole).summary));
  }, 240_000); // four runs of the CLI

  it('after being killed half way, --resume keeps every finished cell and redoes none', async () => {
    const out = tempDir('resume');
    const args = ['bench', ...TINY, '--seeds', '4', '--workers', '1', '--out', out];
    const total = SUBSTRATES.split(',').length * 4;
    const runs = join(out, 'runs');
    const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (existsSync(runs) && readdirSync(runs).some((f) => f.endsWith('.json'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 60_000) {
          clearInterval(poll);
          child.kill('SIGKILL');
          reject(new Error('no run file appeared within 60 s'));
        }
      }, 20);
    });
    await exited;
    const finished = readdirSync(runs).filter((f) => f.endsWith('.json'));
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length, 'the run ended before it could be killed').toBeLessThan(total);
    const mtimes = finished.map((f) => statSync(join(runs, f)).mtimeMs);
    const r = cli([...args, '--resume']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${total - finished.length} cells computed, ${finished.length} reused`);
    expect(finished.map((f) => statSync(join(runs, f)).mtimeMs)).toEqual(mtimes);
    expect(readdirSync(runs).filter((f) => f.endsWith('.json'))).toHaveLength(total);
    expect(results(out).cells).toHaveLength(total);
  });

  it('exits 2 with the valid names and a suggestion on a misspelt substrate', () => {
    const r = cli(['bench', '--substrates', 'symbolik', '--no-cache', '--out', tempDir('bad')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown substrate');
    expect(r.stderr).toContain('valid:');
  });
});
