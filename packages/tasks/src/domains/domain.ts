import type { DomainInfo, TaskInstance } from '../types.js';

/** What each domain module provides: its listing and a generator from validated level and seed. */
export interface DomainModule {
  readonly info: DomainInfo;
  /** Generates the instance at `level` (an integer within `info.levels`) from `seed`. */
  generate(level: number, seed: number): TaskInstance;
}
