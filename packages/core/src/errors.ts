/** Stable error codes: tools and tests match on these, never on message text. */
export type ErrorCode =
  | 'BAD_INPUT' // an argument has the wrong shape, width, type, or a non-finite value
  | 'BAD_CONFIG' // a configuration value is out of range or inconsistent
  | 'UNSUPPORTED' // the substrate does not declare the capability the call needs
  | 'NOT_FITTED' // the call needs a fitted substrate
  | 'UNKNOWN_SITE' // no unit group with that site name
  | 'UNKNOWN_UNIT' // a unit index outside its site
  | 'UNKNOWN_PARAMETER' // no parameter view with that name
  | 'UNKNOWN_NAME' // an unknown domain, substrate, suite or other named thing
  | 'BAD_STATE'; // a serialized substrate that cannot be loaded

/** The one error type every Scrutable package throws for a caller's mistake. */
export class ScrutableError extends Error {
  override readonly name = 'ScrutableError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Valid alternatives, when the mistake is a name (shown to the user, used for suggestions). */
    readonly valid?: readonly string[],
  ) {
    super(valid?.length ? `${message} (valid: ${valid.join(', ')})` : message);
  }
}

/** True when `e` is a ScrutableError, optionally with the given code. */
export function isScrutableError(e: unknown, code?: ErrorCode): e is ScrutableError {
  return e instanceof ScrutableError && (code === undefined || e.code === code);
}

/** Throws BAD_INPUT with `message` unless `condition` holds. */
export function check(condition: unknown, message: string, code: ErrorCode = 'BAD_INPUT'): asserts condition {
  if (!condition) throw new ScrutableError(code, message);
}

/** The name in `valid` closest to `name` by edit distance, for "did you mean" messages. */
export function closestName(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 2)) ? best : undefined;
}

/** Throws UNKNOWN_NAME listing the valid names and the closest one. */
export function unknownName(kind: string, name: string, valid: readonly string[]): never {
  const near = closestName(name, valid);
  throw new ScrutableError(
    'UNKNOWN_NAME',
    `unknown ${kind} '${name}'${near ? `; did you mean '${near}'?` : ''}`,
    valid,
  );
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
