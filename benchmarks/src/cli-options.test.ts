import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeerOptions, parsePerfOptions } from './cli-options.js';

describe('bench:perf options', () => {
  it('runs the asked suites in their own order', () => {
    expect(parsePerfOptions(['--only', 'c, a'], ['a', 'b', 'c']).suites).toEqual(['a', 'c']);
    expect(parsePerfOptions([], ['a', 'b']).suites).toEqual(['a', 'b']);
  });

  it('keeps tiny figures apart from the recorded ones', () => {
    const full = parsePerfOptions([], ['a']).out;
    const tiny = parsePerfOptions(['--size', 'tiny'], ['a']).out;
    expect(resolve(tiny)).toBe(resolve(full, 'tiny'));
    expect(parsePerfOptions(['--size', 'tiny', '--out', 'x'], ['a']).out).toBe('x');
  });

  it('names what is wrong', () => {
    expect(() => parsePerfOptions(['--only', 'd'], ['a'])).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_NAME' }),
    );
    expect(() => parsePerfOptions(['--only', ','], ['a'])).toThrow(
      expect.objectContaining({ code: 'BAD_CONFIG' }),
    );
    expect(() => parsePerfOptions(['--repeats', '2.5'], ['a'])).toThrow(
      expect.objectContaining({ code: 'BAD_CONFIG' }),
    );
    expect(() => parsePerfOptions(['--out'], ['a'])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

describe('bench:peers options', () => {
  it('parses and checks', () => {
    expect(parsePeerOptions([])).toEqual({ install: false, repeats: 3, workloads: ['mlp', 'spiking'] });
    expect(parsePeerOptions(['--install', '--repeats', '5', '--only', 'mlp'])).toEqual({
      install: true,
      repeats: 5,
      workloads: ['mlp'],
    });
    expect(() => parsePeerOptions(['--only', 'gpu'])).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_NAME' }),
    );
    expect(() => parsePeerOptions(['--repeats', 'x'])).toThrow(
      expect.objectContaining({ code: 'BAD_CONFIG' }),
    );
    expect(() => parsePeerOptions(['--size', 'tiny'])).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });
});
