import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { budgetFor, parseConfigFile, resolveConfig } from './config.js';

const known = {
  substrates: ['dense', 'spiking', 'symbolic'],
  domains: ['boolean', 'modadd', 'facts', 'gridworld'],
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    return isScrutableError(e) ? e.code : 'other';
  }
  return undefined;
}

describe('config', () => {
  it('rejects unknown fields, wrong types and broken JSON with BAD_CONFIG naming the field', () => {
    expect(codeOf(() => parseConfigFile('{"seeds": "three"}'))).toBe('BAD_CONFIG');
    expect(codeOf(() => parseConfigFile('{"levels": [0]}'))).toBe('BAD_CONFIG');
    expect(codeOf(() => parseConfigFile('{"frobnicate": 1}'))).toBe('BAD_CONFIG');
    expect(codeOf(() => parseConfigFile('{"seeds": 2'))).toBe('BAD_CONFIG');
    expect(() => parseConfigFile('{"budgets": {"*": {"epochs": -1}}}')).toThrow(/budgets/);
  });

  it('layers suite defaults, then the file, then flags', () => {
    const file = parseConfigFile(
      JSON.stringify({
        suite: 'standard',
        seeds: 2,
        levels: [2],
        budgets: { '*': { epochs: 200 }, spiking: { wallMs: 500 } },
      }),
    );
    const config = resolveConfig(file, { levels: [1, 3] }, known);
    expect(config.suite).toBe('standard');
    expect(config.tasks).toEqual(known.domains); // standard = every domain
    expect(config.levels).toEqual([1, 3]); // flag over file
    expect(config.seeds).toEqual([0, 1]); // file over suite
    expect(config.substrates).toEqual(['dense', 'spiking', 'symbolic']);
    expect(budgetFor(config, 'spiking')).toEqual({ epochs: 200, wallMs: 500 });
    expect(budgetFor(config, 'dense')).toEqual({ epochs: 200 }); // the file's '*' replaces the suite's
  });

  it('gives the quick suite four domains at levels 1–2 with one seed', () => {
    const config = resolveConfig({}, {}, known);
    expect([config.tasks, config.levels, config.seeds]).toEqual([
      ['boolean', 'modadd', 'facts', 'gridworld'],
      [1, 2],
      [0],
    ]);
  });

  it('rejects unknown names with UNKNOWN_NAME and a suggestion', () => {
    expect(() => resolveConfig({}, { substrates: ['spiknig'] }, known)).toThrow(/did you mean 'spiking'/);
    expect(codeOf(() => resolveConfig({}, { suite: 'huge' }, known))).toBe('UNKNOWN_NAME');
    expect(codeOf(() => resolveConfig({}, { tasks: ['grammar'] }, known))).toBe('UNKNOWN_NAME');
  });
});
