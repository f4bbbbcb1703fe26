import { ScrutableError } from '@scrutable/core';

/**
 * Parses `1,3` or `1-3` (or a mix) into sorted distinct integers within `bounds`; BAD_CONFIG
 * otherwise, and for an empty range like `3-1`. A range's bounds are checked before it is expanded.
 */
export function parseIntegerList(text: string, what: string, bounds: { min: number; max: number }): number[] {
  const out = new Set<number>();
  const bad = (why: string) => new ScrutableError('BAD_CONFIG', `${what} ${why}, got '${text}'`);
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw bad('must be integers like 1,3 or 1-3');
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (from > to) throw bad(`has an empty range (write low-high, e.g. ${to}-${from})`);
    if (from < bounds.min || to > bounds.max) throw bad(`must be in ${bounds.min}..${bounds.max}`);
    for (let v = from; v <= to; v++) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Comma-separated names, trimmed, empty ones dropped. */
export function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses a plain decimal integer in min..max (no sign, exponent, hex or empty text); BAD_CONFIG otherwise. */
export function parseInteger(text: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new ScrutableError('BAD_CONFIG', `${what} must be an integer ${range}, got '${text}'`);
  }
  return n;
}
