import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A fit is done once per run: a derived substrate (scrambled: the trained dense network, rotated)
// gets its source's fit from the model store in <out>/models instead of training the network again.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps', 'bench', 'dist', 'cli.js');
const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `scrutable-${label}-`));

const CONFIG = join(tempDir('config'), 'config.json');
writeFileSync(CONFIG, JSON.stringify({ budgets: { '*': { epochs: 30 } }, analysis: { maxExamples: 48 } }));

function bench(substrates: string, out: string): void {
  const args = [
    'bench',
    '--config',
    CONFIG,
    '--substrates',
    substrates,
    '--tasks',
    'boolean',
    '--levels',
    '1',
  ];
  const r = spawnSync(process.execPath, [CLI, ...args, '--no-cache', '--workers', '0', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(r.status, r.stderr).toBe(0);
}

interface Cell {
  substrate: string;
  raw: { fit: { epochs: number } };
}
const cellOf = (out: string, substrate: string): Cell =>
  JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).cells.find(
    (c: Cell) => c.substrate === substrate,
  );

/** A cell without its timings (`cost`, fields ending in Ms). */
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'cost' && !/(ms|Ms)$/.test(k))
        .map(([k, v]) => [k, withoutTimings(v)]),
    );
  return value;
}

describe('the model store', () => {
  it('gives a derived substrate built from a stored fit the cell results of one built from a fresh fit', () => {
    // with dense in the run, scrambled is built from the fit the dense cell stored
    const shared = tempDir('shared');
    bench('dense,scrambled', shared);
    expect(readdirSync(join(shared, 'models'))).toHaveLength(1);
    // alone in a fresh folder, scrambled fits the dense network itself
    const fresh = tempDir('fresh');
    bench('scrambled', fresh);
    expect(withoutTimings(cellOf(shared, 'scrambled'))).toEqual(withoutTimings(cellOf(fresh, 'scrambled')));

    // and the stored fit is what it uses: a store whose fit says 999 epochs gives a cell that says so
    const planted = tempDir('planted');
    cpSync(join(shared, 'models'), join(planted, 'models'), { recursive: true });
    const [file] = readdirSync(join(planted, 'models'));
    const path = join(planted, 'models', file!);
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...stored, report: { ...stored.report, epochs: 999 } }));
    bench('scrambled', planted);
    expect(cellOf(planted, 'scrambled').raw.fit.epochs).toBe(999);
    expect(cellOf(fresh, 'scrambled').raw.fit.epochs).toBe(30);
  }, 600_000);
});
