import { ScrutableError } from '@scrutable/core';

/** How the learner searches for each tree's complexity budget. */
export interface SymbolicConfig {
  /** Deepest tree (longest rule) considered; every depth from 0 to this is a candidate. */
  readonly maxDepth: number;
  /** Candidate smallest numbers of training examples per rule. */
  readonly minLeafSizes: readonly number[];
  /** Share of the training rows held out (seeded) to choose each tree's depth and leaf size. */
  readonly validationFraction: number;
  /**
   * Largest features² x examples at a node for which a split is scored with one level of lookahead
   * (0 turns lookahead off: plain greedy CART).
   */
  readonly lookaheadWork: number;
}

/** The defaults: depths 0..64, leaves of at least 1, 4 or 16 examples, 20% held out, lookahead on small nodes. */
export const DEFAULT_CONFIG: SymbolicConfig = {
  maxDepth: 64,
  minLeafSizes: [1, 4, 16],
  validationFraction: 0.2,
  lookaheadWork: 2_000_000,
};

/** Fills defaults into a partial config; throws BAD_CONFIG on anything out of range. */
export function resolveConfig(config: unknown): SymbolicConfig {
  if (config === undefined) return DEFAULT_CONFIG;
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new ScrutableError('BAD_CONFIG', 'symbolic config must be an object');
  const known = Object.keys(DEFAULT_CONFIG);
  for (const key of Object.keys(config))
    if (!known.includes(key))
      throw new ScrutableError('BAD_CONFIG', `unknown symbolic config key '${key}'`, known);
  const c = { ...DEFAULT_CONFIG, ...(config as Partial<SymbolicConfig>) };
  if (!Number.isInteger(c.maxDepth) || c.maxDepth < 0 || c.maxDepth > 256)
    throw new ScrutableError('BAD_CONFIG', `maxDepth must be an integer in 0..256, got ${c.maxDepth}`);
  if (
    !Array.isArray(c.minLeafSizes) ||
    c.minLeafSizes.length === 0 ||
    !c.minLeafSizes.every((m) => Number.isInteger(m) && m >= 1)
  )
    throw new ScrutableError('BAD_CONFIG', 'minLeafSizes must be a non-empty array of positive integers');
  if (!(c.validationFraction > 0 && c.validationFraction <= 0.5))
    throw new ScrutableError(
      'BAD_CONFIG',
      `validationFraction must be in (0, 0.5], got ${c.validationFraction}`,
    );
  if (!(Number.isFinite(c.lookaheadWork) && c.lookaheadWork >= 0))
    throw new ScrutableError(
      'BAD_CONFIG',
      `lookaheadWork must be a non-negative number, got ${c.lookaheadWork}`,
    );
  return c;
}
