import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isScrutableError, type SubstrateFactory } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import type { AnalysisApi, TaskSource } from './deps.js';
import { parseInteger, parseIntegerList } from './parse.js';
import { type MainContext, main } from './program.js';
import type { Registry } from './registry.js';

/** Counts substrates created: the usage errors below must all be found before any cell runs. */
let created = 0;

function factory(id: string): SubstrateFactory {
  const info = { id, family: 'dense', synchronous: true, description: id };
  const create = () => {
    created++;
    throw new Error(`${id} must not run`);
  };
  return { ...info, learning: 'none (test stub)', create, load: async () => create() };
}

const registry: Registry = {
  entries: ['dense', 'planted'].map((id) => ({
    factory: factory(id),
    packageName: `test-${id}`,
    entry: '.',
    version: '1.0.0',
  })),
  problems: [],
};

const tasks: TaskSource = {
  domains: ['boolean', 'modadd'],
  generate: () => {
    throw new Error('no task is generated in these tests');
  },
};

const analysis: AnalysisApi = {
  families: ['decode', 'ablate'],
  analyzeCell: async () => {
    throw new Error('no analysis runs in these tests');
  },
};

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const context: MainContext = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    registry,
    tasks,
    analysis,
    tty: false,
  };
  return main(argv, context).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** `bench` with one cell selected, writing to a fresh folder, plus `extra`. */
function bench(...extra: string[]) {
  const base = ['--substrates', 'dense', '--tasks', 'boolean', '--levels', '1', '--seeds', '1'];
  return run(['bench', ...base, '--workers', '0', '--no-cache', '--out', tmp('out-'), ...extra]);
}

function configFile(json: unknown): string {
  const file = join(tmp('config-'), 'config.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('parseInteger', () => {
  it('accepts plain decimal integers only', () => {
    expect(parseInteger('12', '--seeds', 1, 100)).toBe(12);
    expect(parseInteger(' 3 ', '--seeds', 1, 100)).toBe(3);
    for (const bad of ['', ' ', '1e0', '0x1', '1.0', '+1', '-1', '1_0', '0', '101'])
      expect(() => parseInteger(bad, '--seeds', 1, 100), bad).toThrow(
        expect.objectContaining({ code: 'BAD_CONFIG' }),
      );
  });
});

describe('parseIntegerList', () => {
  const levels = { min: 1, max: 5 };

  it('parses lists and ranges', () => {
    expect(parseIntegerList('3,1-2,2', '--levels', levels)).toEqual([1, 2, 3]);
  });

  it('rejects empty values, empty ranges and out-of-bounds ranges without expanding them', () => {
    for (const bad of ['', ',', '1,', '3-1', '0-2', '1-1000000000', '6']) {
      let error: unknown;
      try {
        parseIntegerList(bad, '--levels', levels);
      } catch (e) {
        error = e;
      }
      expect(isScrutableError(error, 'BAD_CONFIG'), `'${bad}': ${error}`).toBe(true);
    }
  });
});

describe('main: bad usage is found before any cell runs (exit 2)', () => {
  it('rejects selections of zero cells', async () => {
    created = 0;
    for (const flags of [
      ['--levels', '3-1'],
      ['--substrates', ','],
      ['--tasks', ','],
    ]) {
      const r = await bench(...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(/error: /);
    }
    expect(created).toBe(0);
  });

  it('rejects empty, non-decimal and oversized --seeds and --levels', async () => {
    created = 0;
    for (const flags of [
      ['--seeds', ''],
      ['--seeds', '1e0'],
      ['--seeds', '0x1'],
      ['--seeds', '101'],
      ['--seeds', '1000000000'],
      ['--levels', ''],
      ['--levels', '1-1000000000'],
      ['--workers', ''],
      ['--out', ''],
      ['--cache', ''],
    ]) {
      const r = await bench(...flags);
      expect(r.code, flags.join(' ')).toBe(2);
    }
    expect(created).toBe(0);
    expect((await bench('--seeds', '101')).err).toContain('--seeds must be an integer in 1..100');
  });

  it('names a config file that is missing or a folder', async () => {
    const folder = tmp('config-dir-');
    for (const path of [join(folder, 'nope.json'), folder]) {
      const r = await bench('--config', path);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`cannot read the config file '${path}'`);
    }
  });

  it('rejects config values that would only fail after training', async () => {
    created = 0;
    const cases: [unknown, RegExp][] = [
      [{ analysis: { families: ['decod'] } }, /unknown analysis family 'decod'.*valid: decode, ablate/],
      [{ analysis: { weights: { ablat: 2 } } }, /unknown analysis family 'ablat'/],
      [{ analysis: { maxExamples: 4 } }, /maxExamples/],
      [{ budgets: { plantd: { epochs: 5 } } }, /unknown substrate 'plantd'.*valid: \*, dense, planted/],
      [{ substrateConfig: { plantd: {} } }, /unknown substrate 'plantd'; did you mean 'planted'/],
    ];
    for (const [json, message] of cases) {
      const r = await bench('--config', configFile(json));
      expect(r.code, JSON.stringify(json)).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(created).toBe(0);
  });

  it('checks substrateConfig values with the substrate itself before any cell runs', async () => {
    // the test factories refuse every config, as a substrate refuses a bad value
    const r = await bench('--config', configFile({ substrateConfig: { dense: { hidden: 'wide' } } }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('substrateConfig.dense is refused by the substrate: dense must not run');
  });

  it('rejects an --out or --cache folder with a file in the way', async () => {
    created = 0;
    const file = join(tmp('in-the-way-'), 'file');
    writeFileSync(file, 'x');
    for (const flags of [
      ['--out', file],
      ['--cache', file],
    ]) {
      const r = await bench(...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toContain(`'${file}' cannot be used as a folder: a file is in the way`);
    }
    const outWithRunsFile = tmp('out-');
    writeFileSync(join(outWithRunsFile, 'runs'), 'x');
    expect((await bench('--out', outWithRunsFile)).code).toBe(2);
    expect(created).toBe(0);
  });
});

describe('main: report', () => {
  it('exits 2 naming results.json when it is missing, not JSON, or not results', async () => {
    const missing = tmp('report-');
    const notJson = tmp('report-');
    writeFileSync(join(notJson, 'results.json'), '{');
    const wrongShape = tmp('report-');
    writeFileSync(join(wrongShape, 'results.json'), '{"cells": 3}');
    for (const [dir, message] of [
      [missing, 'cannot read'],
      [notJson, 'is not valid JSON'],
      [wrongShape, 'does not match the results schema'],
    ] as const) {
      const r = await run(['report', dir]);
      expect(r.code, message).toBe(2);
      expect(r.err).toContain(join(dir, 'results.json'));
      expect(r.err).toContain(message);
    }
    expect(existsSync(join(missing, 'report.md'))).toBe(false);
  });
});

describe('main: small commands', () => {
  it('prints the version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists substrates with --config, and refuses a config path that is a folder', async () => {
    const r = await run(['substrates', 'list', '--config', configFile({ packages: ['some-package'] })]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('planted');
    const dir = tmp('config-dir-');
    mkdirSync(join(dir, 'sub'));
    expect((await run(['substrates', 'list', '--config', join(dir, 'sub')])).code).toBe(2);
  });
});
