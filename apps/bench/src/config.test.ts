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
        budgets: { '*': { epochs: 200 }, spiking: { epochs: 3 } },
      }),
    );
    const config = resolveConfig(file, { levels: [1, 3] }, known);
    expect(config.suite).toBe('standard');
    expect(config.tasks).toEqual([...known.domains].sort()); // standard = every domain, sorted
    expect(config.levels).toEqual([1, 3]); // flag over file
    expect(config.seeds).toEqual([0, 1]); // file over suite
    expect(config.substrates).toEqual(['dense', 'spiking', 'symbolic']);
    expect(budgetFor(config, 'spiking')).toEqual({ epochs: 3 });
    expect(budgetFor(config, 'dense')).toEqual({ epochs: 200 });
  });

  it('counts budgets in work only: a wall-clock budget is refused, and no suite sets one', () => {
    expect(() => parseConfigFile('{"budgets": {"*": {"wallMs": 90000}}}')).toThrow(/wallMs/);
    for (const suite of ['quick', 'standard', 'full'] as const) {
      const config = resolveConfig({}, { suite }, known);
      expect(JSON.stringify(config.budgets)).not.toMatch(/wall|Ms/);
    }
  });

  it('reads a config file that starts with a byte-order mark', () => {
    expect(parseConfigFile('\uFEFF{"seeds": 2}')).toEqual({ seeds: 2 });
  });

  it('sorts tasks, so the order they are given in does not change the config', () => {
    const a = resolveConfig({}, { tasks: ['facts', 'boolean'] }, known);
    const b = resolveConfig({}, { tasks: ['boolean', 'facts'] }, known);
    expect(a).toEqual(b);
  });

  it('gives the quick suite every task family at levels 1–2 with one seed, the standard five seeds', () => {
    const config = resolveConfig({}, {}, known);
    expect([config.tasks, config.levels, config.seeds]).toEqual([[...known.domains].sort(), [1, 2], [0]]);
    const standard = resolveConfig({}, { suite: 'standard' }, known);
    expect([standard.tasks, standard.levels, standard.seeds]).toEqual([
      [...known.domains].sort(),
      [1, 2, 3],
      [0, 1, 2, 3, 4],
    ]);
  });

  it('runs the dense ladder beside dense only, and lets a config file replace or drop it', () => {
    const withDense = resolveConfig({}, {}, known);
    expect(Object.values(withDense.ladder).every((r) => r.of === 'dense')).toBe(true);
    expect(Object.keys(withDense.ladder).length).toBeGreaterThan(1);
    expect(resolveConfig({}, { substrates: ['spiking'] }, known).ladder).toEqual({});
    expect(resolveConfig({ ladder: {} }, {}, known).ladder).toEqual({});
    const own = resolveConfig(
      { ladder: { 'dense~tiny': { of: 'dense', config: { hidden: [2] } } } },
      {},
      known,
    );
    expect(own.ladder).toEqual({ 'dense~tiny': { of: 'dense', config: { hidden: [2] } } });
    expect(() => resolveConfig({ ladder: { x: { of: 'dens' } } }, {}, known)).toThrow(/did you mean 'dense'/);
    expect(codeOf(() => resolveConfig({ ladder: { spiking: { of: 'dense' } } }, {}, known))).toBe(
      'BAD_CONFIG',
    );
  });

  it('adds a task file to the selected tasks, after the checked domain names', () => {
    const config = resolveConfig(
      {},
      { tasks: ['boolean'], taskFile: 'file:/data/mine.csv#0123456789ab' },
      known,
    );
    expect(config.tasks).toEqual(['boolean', 'file:/data/mine.csv#0123456789ab']);
  });

  it('rejects unknown names with UNKNOWN_NAME and a suggestion', () => {
    expect(() => resolveConfig({}, { substrates: ['spiknig'] }, known)).toThrow(/did you mean 'spiking'/);
    expect(codeOf(() => resolveConfig({}, { suite: 'huge' }, known))).toBe('UNKNOWN_NAME');
    expect(codeOf(() => resolveConfig({}, { tasks: ['grammar'] }, known))).toBe('UNKNOWN_NAME');
  });

  it('checks the substrate ids keying budgets and substrateConfig, and analysis family names', () => {
    const withFamilies = { ...known, families: ['decode', 'ablate'] };
    expect(() => resolveConfig({ budgets: { spiknig: { epochs: 1 } } }, {}, known)).toThrow(
      /unknown substrate 'spiknig'; did you mean 'spiking'\? \(valid: \*, dense, spiking, symbolic\)/,
    );
    expect(() => resolveConfig({ substrateConfig: { dens: {} } }, {}, known)).toThrow(/did you mean 'dense'/);
    expect(() => resolveConfig({ analysis: { families: ['decod'] } }, {}, withFamilies)).toThrow(
      /unknown analysis family 'decod'; did you mean 'decode'\? \(valid: decode, ablate\)/,
    );
    expect(codeOf(() => resolveConfig({ analysis: { weights: { steer: 1 } } }, {}, withFamilies))).toBe(
      'UNKNOWN_NAME',
    );
    // names that are all known pass
    const ok = { budgets: { '*': { epochs: 1 } }, substrateConfig: { dense: {} } };
    expect(codeOf(() => resolveConfig({ ...ok, analysis: { families: ['ablate'] } }, {}, withFamilies))).toBe(
      undefined,
    );
  });

  it('rejects maxExamples below what analyzeCell accepts, and more than 100 seeds', () => {
    expect(codeOf(() => parseConfigFile('{"analysis": {"maxExamples": 4}}'))).toBe('BAD_CONFIG');
    expect(codeOf(() => parseConfigFile('{"analysis": {"maxExamples": 8}}'))).toBe(undefined);
    expect(codeOf(() => resolveConfig({}, { seeds: 101 }, known))).toBe('BAD_CONFIG');
  });

  it('rejects a selection of no substrate, task or level', () => {
    expect(codeOf(() => resolveConfig({}, { substrates: [] }, known))).toBe('BAD_CONFIG');
    expect(codeOf(() => resolveConfig({}, { tasks: [] }, known))).toBe('BAD_CONFIG');
    expect(codeOf(() => resolveConfig({}, { levels: [] }, known))).toBe('BAD_CONFIG');
    expect(codeOf(() => resolveConfig({}, {}, { ...known, substrates: [] }))).toBe('BAD_CONFIG');
  });
});
