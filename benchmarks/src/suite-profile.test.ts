import { describe, expect, it } from 'vitest';
import { costTable } from './cell-costs.js';
import { areaOf, type CpuProfile, profileShares } from './cpu-profile-shares.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });

describe('CPU profile self time', () => {
  it('charges each sample’s preceding interval to the sampled node, summed over threads', () => {
    const main: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('run', 'file:///repo/packages/spiking-sim/dist/network.js') },
        {
          id: 3,
          callFrame: frame('kernelFunc', 'file:///repo/node_modules/@tensorflow/tfjs-backend-wasm/x.js'),
        },
      ],
      samples: [2, 2, 3, 1],
      timeDeltas: [1_000_000, 500_000, 250_000, 250_000],
    };
    const worker: CpuProfile = {
      nodes: [{ id: 7, callFrame: frame('run', 'file:///repo/packages/spiking-sim/dist/network.js') }],
      samples: [7],
      timeDeltas: [2_000_000],
    };
    const shares = profileShares([main, worker]);
    expect(shares.totalSeconds).toBeCloseTo(4, 12);
    expect(shares.byArea).toEqual([
      { area: 'packages/spiking-sim', seconds: 3.5 },
      { area: '@tensorflow/tfjs-backend-wasm', seconds: 0.25 },
      { area: '(root)', seconds: 0.25 },
    ]);
    expect(shares.byFunction[0]).toEqual({ name: 'run (packages/spiking-sim:10)', seconds: 3.5 });
  });

  it('names areas: workspace package, npm package, Node, WebAssembly, native', () => {
    expect(areaOf('file:///w/apps/bench/dist/cli.js', 'main')).toBe('apps/bench');
    expect(areaOf('file:///w/node_modules/ml-matrix/m.js', 'solve')).toBe('ml-matrix');
    expect(areaOf('node:internal/x', 'f')).toBe('node internals');
    expect(areaOf('wasm://wasm/abc', 'wasm-function[4]')).toBe('WebAssembly');
    expect(areaOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(areaOf('', 'sqrt')).toBe('(native)');
  });
});

describe('per-cell cost table', () => {
  it('sums fit and analysis by substrate and task level and lists the costliest cells', () => {
    const table = costTable(
      [
        {
          substrate: 'dense',
          task: 'boolean',
          level: 1,
          seed: 0,
          cost: { fitMs: 3000, analysisMs: 1000, familyMs: { decode: 600, steer: 300, evidence: 100 } },
        },
        { substrate: 'dense', task: 'modadd', level: 2, seed: 0, cost: { fitMs: 5000, analysisMs: 0 } },
        {
          substrate: 'planted',
          task: 'boolean',
          level: 1,
          seed: 0,
          cost: { analysisMs: 500, familyMs: { steer: 400, decode: 200 } },
        },
        { substrate: 'spiking', task: 'boolean', level: 1, seed: 0 },
      ],
      2,
    );
    expect(table).toMatchObject({ cells: 4, fitSeconds: 8, analysisSeconds: 1.5 });
    expect(table.bySubstrate.map((s) => [s.substrate, s.cells, s.fitSeconds, s.analysisSeconds])).toEqual([
      ['dense', 2, 8, 1],
      ['planted', 1, 0, 0.5],
      ['spiking', 1, 0, 0],
    ]);
    expect(table.byTaskLevel).toEqual([
      { taskLevel: 'modadd L2', seconds: 5 },
      { taskLevel: 'boolean L1', seconds: 4.5 },
    ]);
    expect(table.byFamily.map((f) => f.family)).toEqual(['decode', 'steer', 'evidence']);
    expect(table.byFamily.map((f) => f.seconds)).toEqual([0.6 + 0.2, 0.3 + 0.4, 0.1]);
    expect(table.costliest.map((c) => c.cell)).toEqual(['dense modadd L2 seed 0', 'dense boolean L1 seed 0']);
  });
});
