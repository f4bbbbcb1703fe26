import { resolve } from 'node:path';
import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { parsePeerOptions, parsePerfOptions } from './cli-options.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isScrutableError(e) ? e.code : 'not a ScrutableError';
  }
  return undefined;
}

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
    expect(codeOf(() => parsePerfOptions(['--only', 'd'], ['a']))).toBe('UNKNOWN_NAME');
    expect(codeOf(() => parsePerfOptions(['--only', ','], ['a']))).toBe('BAD_CONFIG');
    expect(codeOf(() => parsePerfOptions(['--repeats', '2.5'], ['a']))).toBe('BAD_CONFIG');
    expect(codeOf(() => parsePerfOptions(['--out'], ['a']))).toBe('BAD_INPUT');
  });
});

describe('bench:peers options', () => {
  it('parses and checks', () => {
    expect(parsePeerOptions([])).toEqual({ install: false, repeats: 3 });
    expect(parsePeerOptions(['--install', '--repeats', '5'])).toEqual({ install: true, repeats: 5 });
    expect(codeOf(() => parsePeerOptions(['--repeats', 'x']))).toBe('BAD_CONFIG');
    expect(codeOf(() => parsePeerOptions(['--size', 'tiny']))).toBe('BAD_INPUT');
  });
});
