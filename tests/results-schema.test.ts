import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps', 'bench', 'dist', 'cli.js');
// the one contract, owned by the core package
const SCHEMA = new URL(import.meta.resolve('@scrutable/core/results.schema.json'));
// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

describe('results.json', () => {
  it('from a real tiny run validates against the results schema', () => {
    const out = mkdtempSync(join(tmpdir(), 'scrutable-schema-'));
    // one cheap rung of the dense ladder, so a rung's cell and description are checked too; every
    // substrate trained briefly: the test is about the file's shape, not the training
    const config = join(out, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        ladder: { 'dense~e2': { of: 'dense', epochs: 2 } },
        budgets: { '*': { epochs: 20 } },
        analysis: { maxExamples: 48 },
      }),
    );
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'bench',
        '--config',
        config,
        '--tasks',
        'boolean',
        '--levels',
        '1',
        '--seeds',
        '1',
        '--workers',
        '1',
        '--no-cache',
        '--out',
        out,
      ],
      // the substrates' self-checks run too: about 3 min on two cores, longer when the machine is shared
      { cwd: ROOT, encoding: 'utf8', timeout: 480_000 },
    );
    expect([0, 1], r.stderr).toContain(r.status);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(validate(results), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(results.cells.length).toBeGreaterThan(0);
  }, 480_000);

  it('the validator rejects a file that breaks the contract', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const broken = {
      schemaVersion: 1,
      suite: 'quick',
      createdAt: 'yesterday',
      environment: { node: 'v20', platform: 'linux', cpus: 0, packages: {} },
      config: {},
      cells: [{ id: 'x', substrate: 's', task: 't', level: 0, seed: 0, status: 'done' }],
      summary: { substrates: [], claims: [] },
    };
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath).sort();
    expect(paths).toEqual(['/cells/0/level', '/cells/0/status', '/createdAt', '/environment/cpus']);
  });
});
