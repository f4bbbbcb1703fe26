import {
  type ErrorCode,
  isScrutableError,
  type Matrix,
  maxAbsDiff,
  type Substrate,
  type UnitGroup,
} from '@scrutable/core';
import { ConformanceViolation } from './rule.js';

/** Reports a broken rule. */
export function fail(rule: string, detail: string): never {
  throw new ConformanceViolation(rule, detail);
}

/** Fails unless two outputs agree within `tolerance`. */
export function same(rule: string, what: string, a: Matrix, b: Matrix, tolerance: number): void {
  const d = maxAbsDiff(a, b);
  if (!(d <= tolerance)) fail(rule, `${what}: outputs differ by ${d} (tolerance ${tolerance})`);
}

/** Fails unless two outputs differ by more than `tolerance`. */
export function differs(rule: string, what: string, a: Matrix, b: Matrix, tolerance: number): void {
  const d = maxAbsDiff(a, b);
  if (!(d > tolerance)) fail(rule, `${what}: outputs did not change (max difference ${d})`);
}

/** Fails unless `action` throws ScrutableError with `code`. */
export async function expectCode(
  rule: string,
  what: string,
  code: ErrorCode,
  action: () => unknown,
): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (isScrutableError(e, code)) return;
    const got = isScrutableError(e)
      ? `ScrutableError ${e.code}`
      : `${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? e}`;
    fail(rule, `${what}: expected ScrutableError ${code}, got ${got}`);
  }
  fail(rule, `${what}: expected ScrutableError ${code}, but nothing was thrown`);
}

/** The substrate's sites; a rule about sites fails when there are none rather than passing vacuously. */
export function sitesOf(rule: string, s: Substrate): [UnitGroup, ...UnitGroup[]] {
  const groups = s.units();
  const [first, ...rest] = groups;
  if (!first) fail(rule, 'units() lists no site');
  return [first, ...rest];
}
