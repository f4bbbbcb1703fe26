import { isScrutableError } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { cheeseVector } from './cheese-vector.js';
import { frequencyUnits } from './frequency-units.js';
import { pairInputs } from './pair-inputs.js';
import { rotatedDissection } from './rotated-dissection.js';
import { unitSites } from './unit-sites.js';

/**
 * Raw figures reproducing, where the domain allows, the published successes the essay rests on
 * (see PUBLISHED): `evidence.fourier` on modular addition, `evidence.cheese` (and `evidence.cheese.trained`) in the maze and
 * `evidence.dissection` on shapes. A figure that cannot be measured on this cell is a string saying
 * why. (Rank-one editing is the edit family's own measurement; the report sets it beside ROME's.)
 */
export async function essayEvidence(ctx: AnalysisContext): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  for (const [key, run] of MEASURES[ctx.task.structure.domain] ?? []) {
    try {
      figures[key] = await run(ctx);
    } catch (e) {
      // A substrate that refuses a call (an intervention it cannot apply, say) leaves a reason, not a failed cell.
      if (!isScrutableError(e)) throw e;
      figures[key] = `the substrate refused a call: ${e.message}`;
    }
  }
  return figures;
}

type Measure = readonly [key: string, run: (ctx: AnalysisContext) => Promise<unknown>];

/**
 * Per domain, the published success it can reproduce. The cheese vector is read on held-out
 * situations (`evidence.cheese`) and, apart, on situations the policy was trained on
 * (`evidence.cheese.trained`), where a policy that has not learned to generalise still seeks the cheese.
 */
const MEASURES: Partial<Record<string, readonly Measure[]>> = {
  modadd: [['evidence.fourier', fourierUnits]],
  gridworld: [
    ['evidence.cheese', (ctx) => cheeseVector(ctx, 'test')],
    ['evidence.cheese.trained', (ctx) => cheeseVector(ctx, 'train')],
  ],
  shapes: [['evidence.dissection', rotatedDissection]],
};

/** Every privileged hidden site read on all p² pairs, then each unit's frequency and share. */
async function fourierUnits(ctx: AnalysisContext): Promise<unknown> {
  const structure = ctx.task.structure;
  if (structure.domain !== 'modadd') return 'not modular addition';
  if (!ctx.can('observe')) return 'substrate cannot be observed';
  const grid = pairInputs(ctx.task, structure.p);
  if (typeof grid === 'string') return grid;
  const sites = unitSites(ctx);
  if (sites.length === 0) return 'the substrate has no privileged hidden site';
  const states = await ctx.observe(grid);
  const read = Object.fromEntries(sites.map((site) => [site, states[site]!]));
  return (
    frequencyUnits(read, structure.p, structure.fourierBasis) ??
    'no hidden unit varies over the (a, b) grid, so no share of its variance exists'
  );
}
