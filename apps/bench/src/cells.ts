import { createHash } from 'node:crypto';
import { ScrutableError } from '@scrutable/core';
import { budgetFor, type ResolvedConfig } from './config.js';
import { isFileTask } from './task-file.js';

/** Everything that determines one cell's result: what runs, on what, with which effort. */
export interface CellSpec {
  /** Stable id: see `cellId`. */
  readonly id: string;
  readonly substrate: string;
  /** For a rung of the dense ladder: the id of the substrate it weakens (the factory that runs it). */
  readonly rungOf?: string;
  /** Package the substrate comes from (a worker imports it by this name). */
  readonly packageName: string;
  readonly task: string;
  readonly level: number;
  readonly seed: number;
  readonly budget: { epochs?: number };
  readonly substrateConfig?: unknown;
  readonly analysis: ResolvedConfig['analysis'];
  /** Also collect the report's showcase figures (first seed at the lowest level of each pair). */
  readonly showcase: boolean;
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A cell's id: the first 16 hex digits of SHA-256 over the canonical JSON of the cell's resolved
 * config (substrate, task, level, seed, budget, substrate config, analysis options, showcase flag)
 * and the code version (see `codeVersionOf`: each computing package's version plus a hash of its
 * compiled code). Changing any of them gives a new id and so a new computation.
 */
export function cellId(spec: Omit<CellSpec, 'id'>, codeVersion: Readonly<Record<string, string>>): string {
  return createHash('sha256')
    .update(canonicalJson({ cell: spec, code: codeVersion }))
    .digest('hex')
    .slice(0, 16);
}

/** Every substrate id a config runs: its substrates, then the rungs of its ladder, each with its factory id. */
export function runIds(config: ResolvedConfig): { id: string; factory: string }[] {
  return [
    ...config.substrates.map((id) => ({ id, factory: id })),
    ...Object.entries(config.ladder).map(([id, rung]) => ({ id, factory: rung.of })),
  ];
}

/** What a cell of `id` runs with: its budget and substrate config (a rung's laid over its substrate's). */
function runSettings(config: ResolvedConfig, id: string) {
  const rung = config.ladder[id];
  if (!rung) return { budget: budgetFor(config, id), substrateConfig: config.substrateConfig[id] };
  const base = config.substrateConfig[rung.of];
  return {
    rungOf: rung.of,
    budget: { ...budgetFor(config, rung.of), ...(rung.epochs ? { epochs: rung.epochs } : {}) },
    substrateConfig: rung.config ? { ...(base as object | undefined), ...rung.config } : base,
  };
}

/** Every cell of a config (the ladder's rungs included), ordered by substrate, task, level, seed. */
export function enumerateCells(
  config: ResolvedConfig,
  packageOf: (substrate: string) => string,
  codeVersion: (substrate: string) => Readonly<Record<string, string>>,
): CellSpec[] {
  const cells: CellSpec[] = [];
  const firstSeed = config.seeds[0];
  const lowestLevel = config.levels[0];
  for (const { id: substrate, factory } of runIds(config)) {
    for (const task of config.tasks) {
      // A task file has one level: its rows.
      for (const level of isFileTask(task) ? [1] : config.levels) {
        for (const seed of config.seeds) {
          const spec = {
            substrate,
            packageName: packageOf(factory),
            task,
            level,
            seed,
            ...runSettings(config, substrate),
            analysis: config.analysis,
            showcase: seed === firstSeed && level === lowestLevel && factory === substrate,
          };
          cells.push({ id: cellId(spec, codeVersion(factory)), ...spec });
        }
      }
    }
  }
  return cells;
}

/** Most shards a suite may be split into (beyond it, shards would be empty by the 32-bit id hash long before). */
export const MAX_SHARDS = 100_000;

/** Parses `i/N` (1-based) into { index, count }; BAD_CONFIG otherwise. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count || count > MAX_SHARDS)
    throw new ScrutableError(
      'BAD_CONFIG',
      `--shard must be i/N with 1 <= i <= N <= ${MAX_SHARDS}, got '${text}'`,
    );
  return { index, count };
}

/** The cells of shard `index` of `count`: chosen by id hash, so the shards partition every cell list. */
export function shardCells<T extends { id: string }>(cells: readonly T[], index: number, count: number): T[] {
  return cells.filter((c) => Number.parseInt(c.id.slice(0, 8), 16) % count === index - 1);
}

/** The order cells appear in results: by substrate, task, level, seed. */
export function compareCells(
  a: { substrate: string; task: string; level: number; seed: number },
  b: { substrate: string; task: string; level: number; seed: number },
): number {
  return (
    a.substrate.localeCompare(b.substrate) ||
    a.task.localeCompare(b.task) ||
    a.level - b.level ||
    a.seed - b.seed
  );
}
