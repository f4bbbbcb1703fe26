import { type ErrorCode, isScrutableError } from '@scrutable/core';
import { expect } from 'vitest';

/** Asserts that `action` throws, or returns a promise that rejects with, the ScrutableError `code`. */
export async function expectScrutableError(code: ErrorCode, action: () => unknown): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (e) {
    caught = e;
  }
  expect(isScrutableError(caught, code), `expected ScrutableError ${code}, got ${String(caught)}`).toBe(true);
}
