import { ScrutableError, unknownName } from '@scrutable/core';
import { booleanDomain } from './domains/boolean.js';
import { cuesDomain } from './domains/cues.js';
import type { DomainModule } from './domains/domain.js';
import { factsDomain } from './domains/facts.js';
import { grammarDomain } from './domains/grammar.js';
import { gridworldDomain } from './domains/gridworld.js';
import { latencyDomain } from './domains/latency.js';
import { modaddDomain } from './domains/modadd.js';
import { parityDomain } from './domains/parity.js';
import { shapesDomain } from './domains/shapes.js';
import { teacherDomain } from './domains/teacher.js';
import { yinyangDomain } from './domains/yinyang.js';
import type { DomainInfo, TaskInstance } from './types.js';

const MODULES: readonly DomainModule[] = [
  booleanDomain,
  modaddDomain,
  factsDomain,
  gridworldDomain,
  shapesDomain,
  grammarDomain,
  yinyangDomain,
  parityDomain,
  teacherDomain,
  cuesDomain,
  latencyDomain,
];

/** Every domain: id, one-line description, latent names at level 1, level range. */
export const DOMAINS: readonly DomainInfo[] = MODULES.map((m) => m.info);

/** Options of `generateTask`. */
export interface GenerateOptions {
  /** Complexity level, an integer in the domain's `levels` range (1..5). */
  readonly level: number;
  /** Seed of every random choice; the same seed gives byte-identical data. */
  readonly seed: number;
}

/**
 * Generates a domain instance. Throws UNKNOWN_NAME for an unknown domain (listing the valid ones) and
 * BAD_CONFIG for a level or seed out of range.
 */
export function generateTask(domain: string, options: GenerateOptions): TaskInstance {
  const module = MODULES.find((m) => m.info.id === domain);
  if (!module)
    unknownName(
      'domain',
      String(domain),
      MODULES.map((m) => m.info.id),
    );
  const [low, high] = module.info.levels;
  const level = options?.level;
  if (!Number.isInteger(level) || level < low || level > high)
    throw new ScrutableError(
      'BAD_CONFIG',
      `${domain}: level must be an integer from ${low} to ${high}, got ${level}`,
    );
  const seed = options?.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new ScrutableError(
      'BAD_CONFIG',
      `${domain}: seed must be an integer from 0 to 4294967295, got ${seed}`,
    );
  return module.generate(level, seed);
}
