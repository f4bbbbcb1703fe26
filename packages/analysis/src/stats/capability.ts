import type { CellResult } from '@scrutable/core';
import { groupBy, mean } from './bootstrap.js';

/** Capable: at least this fraction of the way from chance to perfect... */
export const CHANCE_GAP_FRACTION = 0.8;
/** ...and at least this fraction of the way from the linear baseline to perfect. */
export const LINEAR_GAP_FRACTION = 0.5;

/**
 * The accuracy a substrate must reach on a task level to count as capable:
 * max(chance + 0.8·(1 − chance), linear + 0.5·(1 − linear)), the linear term only when a linear
 * baseline was measured.
 */
export function capabilityFloor(chance: number, linear?: number): number {
  const overChance = chance + CHANCE_GAP_FRACTION * (1 - chance);
  return linear === undefined
    ? overChance
    : Math.max(overChance, linear + LINEAR_GAP_FRACTION * (1 - linear));
}

/** A substrate on one task level: its mean test accuracy over seeds against the floor. */
export interface LevelCapability {
  readonly substrate: string;
  readonly task: string;
  readonly level: number;
  /** Mean test accuracy over the seeds run. */
  readonly accuracy: number;
  readonly floor: number;
  readonly capable: boolean;
  /**
   * The linear baseline alone already reaches chance + 0.8·(1 − chance) (mean over seeds; where no
   * linear baseline was recorded, every seed's `trivial` flag): such a level is left out of verdicts.
   */
  readonly trivial: boolean;
  readonly seeds: number;
}

/** `substrate|task|level`: the key of a LevelCapability. */
export function levelKey(cell: Pick<CellResult, 'substrate' | 'task' | 'level'>): string {
  return `${cell.substrate}|${cell.task}|${cell.level}`;
}

/** Mean of the finite values, or undefined when there are none. */
function meanOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return finite.length ? mean(finite) : undefined;
}

/** Capability of every (substrate, task level) among finished cells with a test accuracy, by levelKey. */
export function levelCapabilities(cells: readonly CellResult[]): Map<string, LevelCapability> {
  const out = new Map<string, LevelCapability>();
  const scored = cells.filter((c) => c.status === 'ok' && Number.isFinite(c.capability?.test));
  for (const [key, group] of groupBy(scored, levelKey)) {
    const caps = group.map((c) => c.capability!);
    const accuracy = mean(caps.map((c) => c.test));
    const chance = meanOf(caps.map((c) => c.chance)) ?? 0;
    const linear = meanOf(caps.map((c) => c.linear));
    const floor = capabilityFloor(chance, linear);
    const trivial =
      linear !== undefined
        ? linear >= chance + CHANCE_GAP_FRACTION * (1 - chance) - 1e-12
        : caps.every((c) => c.trivial === true);
    const first = group[0]!;
    out.set(key, {
      substrate: first.substrate,
      task: first.task,
      level: first.level,
      accuracy,
      floor,
      capable: accuracy >= floor - 1e-12,
      trivial,
      seeds: group.length,
    });
  }
  return out;
}

/** True when the cell's substrate is capable on its task level and the level is not trivial. */
export function countsForVerdicts(
  cell: CellResult,
  capabilities: ReadonlyMap<string, LevelCapability>,
): boolean {
  const c = capabilities.get(levelKey(cell));
  return c?.capable === true && !c.trivial;
}
