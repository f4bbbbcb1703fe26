import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, summarizeCells } from './outputs.js';

const valid = {
  schemaVersion: 1,
  suite: 'quick',
  createdAt: '2025-01-01T00:00:00.000Z',
  environment: { node: 'v20', platform: 'linux-x64', cpus: 2, packages: {} },
  config: {},
  cells: [
    {
      id: 'a',
      substrate: 'dense',
      task: 'boolean',
      level: 1,
      seed: 0,
      status: 'ok',
      capability: { metric: 'accuracy', train: 1, test: 1 },
    },
  ],
  summary: { substrates: [], claims: [] },
};

function folderWith(results: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'results-'));
  writeFileSync(join(dir, 'results.json'), results);
  return dir;
}

describe('readResults', () => {
  it('reads results that match the schema', () => {
    expect(readResults(folderWith(JSON.stringify(valid))).cells).toHaveLength(1);
  });

  it('rejects another schemaVersion and a wrong shape with BAD_INPUT naming the file and the fields', () => {
    for (const [broken, field] of [
      [{ ...valid, schemaVersion: 99 }, '/schemaVersion must be equal to constant 1'],
      [{ ...valid, cells: 3 }, '/cells'],
      [{ ...valid, summary: undefined }, "must have required property 'summary'"],
    ] as const) {
      const dir = folderWith(JSON.stringify(broken));
      expect(() => readResults(dir)).toThrow(
        expect.objectContaining({
          code: 'BAD_INPUT',
          message: expect.stringContaining(`${join(dir, 'results.json')} does not match the results schema`),
        }),
      );
      expect(() => readResults(dir)).toThrow(field);
    }
  });

  it('rejects a missing file and broken JSON with BAD_INPUT naming the file', () => {
    const missing = mkdtempSync(join(tmpdir(), 'results-'));
    expect(() => readResults(missing)).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message: `cannot read ${join(missing, 'results.json')}: no such file`,
      }),
    );
    const broken = folderWith('{');
    expect(() => readResults(broken)).toThrow(`${join(broken, 'results.json')} is not valid JSON`);
  });
});

describe('summarizeCells', () => {
  it("passes the config's index weights to the statistics", () => {
    const seen: unknown[] = [];
    const analysis = {
      analyzeCell: () => Promise.reject(new Error('not used')),
      summarize: (_cells: readonly unknown[], options: unknown) => {
        seen.push(options);
        return { substrates: [], claims: [] };
      },
    };
    const info = { dense: { family: 'dense', synchronous: true, description: 'd' } };
    summarizeCells([], info, analysis, { steer: 0 });
    summarizeCells([], info, analysis);
    expect(seen).toEqual([
      { substrates: { dense: { family: 'dense', synchronous: true } }, seed: 0, weights: { steer: 0 } },
      { substrates: { dense: { family: 'dense', synchronous: true } }, seed: 0 },
    ]);
  });
});
