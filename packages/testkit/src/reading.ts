import {
  accuracy,
  type Matrix,
  type RunOptions,
  type Substrate,
  takeRows,
  type UnitGroup,
} from '@scrutable/core';
import { fail, same, sitesOf } from './assertions.js';
import type { CheckContext } from './rule.js';

/** Least share of predicted classes two stochastic reads must agree on to count as the same outputs. */
export const MIN_CLASS_AGREEMENT = 0.98;
/** Most test rows a stochastic substrate is read on, so one disagreement does not fail the agreement. */
export const STOCHASTIC_ROWS = 100;

/** How the rules that compare outputs under interventions read one substrate. */
export interface Reading {
  readonly inputs: Matrix;
  readonly run: RunOptions;
  /** True when the substrate declares `info.stochastic`: outputs are compared by predicted class. */
  readonly stochastic: boolean;
}

/**
 * Deterministic substrates are read on the context's inputs with its run options and must agree
 * exactly (within the tolerance). A substrate declaring `info.stochastic` is read at the window it
 * documents there, on up to STOCHASTIC_ROWS test rows, and must agree on predicted classes.
 */
export function readingFor(ctx: CheckContext, s: Substrate): Reading {
  const declared = s.info.stochastic;
  if (!declared) return { inputs: ctx.inputs, run: ctx.run, stochastic: false };
  const rows = Math.min(STOCHASTIC_ROWS, ctx.dataset.test.inputs.rows);
  return {
    inputs: takeRows(
      ctx.dataset.test.inputs,
      Array.from({ length: rows }, (_, i) => i),
    ),
    run: { ...ctx.run, windowMs: declared.windowMs },
    stochastic: true,
  };
}

/** Fails unless `a` and `b` count as the same outputs under this reading. */
export function sameOutputs(
  rule: string,
  what: string,
  reading: Reading,
  s: Substrate,
  a: Matrix,
  b: Matrix,
  tolerance: number,
): void {
  if (!reading.stochastic) {
    same(rule, what, a, b, tolerance);
    return;
  }
  const agreement = accuracy(b, a, s.heads);
  if (!(agreement >= MIN_CLASS_AGREEMENT))
    fail(
      rule,
      `${what}: predicted classes agree on ${(100 * agreement).toFixed(1)}% of ${a.rows} examples at ` +
        `${reading.run.windowMs} ms (need ${100 * MIN_CLASS_AGREEMENT}%)`,
    );
}

/** One site as the intervention rules use it: every unit index, and its states under the reading. */
export interface ObservedSite {
  readonly group: UnitGroup;
  readonly units: readonly number[];
  readonly states: Matrix;
}

/** The shared fitted substrate, how to read it, and every site observed under that reading. */
export async function observedSites(
  ctx: CheckContext,
  rule: string,
): Promise<{ s: Substrate; reading: Reading; sites: ObservedSite[] }> {
  const s = await ctx.fitted();
  const reading = readingFor(ctx, s);
  const observed = await s.observe(reading.inputs, reading.run);
  const sites = sitesOf(rule, s).map((group) => ({
    group,
    units: Array.from({ length: group.size }, (_, i) => i),
    states: observed.states[group.site]!,
  }));
  return { s, reading, sites };
}
