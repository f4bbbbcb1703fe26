import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, withoutTimings } from './cli-helpers.js';

// A fit is done once per run: a derived substrate (scrambled: the trained dense network, rotated)
// gets its source's fit from the model store in <out>/models instead of training the network again.

const CONFIG = join(tempDir('config'), 'config.json');
// no dense ladder: its rungs would store fits of their own beside the one this test follows
writeFileSync(
  CONFIG,
  JSON.stringify({ budgets: { '*': { epochs: 30 } }, analysis: { maxExamples: 48 }, ladder: {} }),
);

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
  const r = cli([...args, '--no-cache', '--workers', '0', '--out', out]);
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
