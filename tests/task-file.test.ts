import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the BUILT command line, exactly as a user does.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps', 'bench', 'dist', 'cli.js');

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `bench` with the symbolic learner on one task at level 1, seed 0, and the task file `csv`. */
function benchSymbolic(task: string, csv: string, out: string, ...more: string[]) {
  const fixed = ['--substrates', 'symbolic', '--levels', '1', '--seeds', '1', '--no-cache', '--workers', '0'];
  return cli(['bench', ...fixed, '--tasks', task, '--task-file', csv, '--out', out, ...more]);
}

interface Cell {
  task: string;
  status: string;
  capability: Record<string, unknown>;
  metrics: Record<string, number | null>;
  unavailable: Record<string, string>;
  families: Record<string, number | null>;
}

describe('scrutable bench --task-file', () => {
  it('runs an exported task to the same accuracy, baselines and scores as the built-in one, where no causal model is needed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrutable-task-file-'));
    const csv = join(dir, 'yinyang.csv');
    const exported = cli([
      'tasks',
      'export',
      'yinyang',
      '--level',
      '1',
      '--seed',
      '0',
      '--split',
      'all',
      '--out',
      csv,
    ]);
    expect(exported.status, exported.stderr).toBe(0);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ analysis: { maxExamples: 48 } }));
    const out = join(dir, 'out');
    const run = benchSymbolic('yinyang', csv, out, '--config', config);
    expect(run.status, run.stderr).toBe(0);
    const cells = (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { cells: Cell[] }).cells;
    const builtIn = cells.find((c) => c.task === 'yinyang')!;
    const fromFile = cells.find((c) => c.task.startsWith('file:'))!;
    expect([builtIn.status, fromFile.status]).toEqual(['ok', 'ok']);
    expect(fromFile.capability).toEqual(builtIn.capability);
    // Families that need counterfactual outputs are not applicable, with the reason.
    expect(fromFile.families.ablate).toBeNull();
    expect(fromFile.unavailable['ablate.cause']).toMatch(/no causal model/);
    const compared = Object.keys(builtIn.metrics).filter((id) => fromFile.metrics[id] !== null);
    expect(compared.length).toBeGreaterThanOrEqual(4);
    for (const id of compared)
      expect({ id, score: fromFile.metrics[id] }).toEqual({ id, score: builtIn.metrics[id] });
    for (const [family, score] of Object.entries(fromFile.families))
      if (score !== null) expect({ family, score }).toEqual({ family, score: builtIn.families[family] });
  });

  it('refuses a bad file before anything trains, naming the row and the column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrutable-task-file-'));
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'split,in_x,target_y0:binary\ntrain,1,0\ntest,oops,1\n');
    const run = benchSymbolic('boolean', csv, join(dir, 'out'));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/bad\.csv: row 3, column 2 \(in_x\): 'oops' is not a finite number/);
  });
});
