import { outputWidth } from '@scrutable/core';
import type { AnalysisContext } from '../context.js';
import { hiddenSites, privilegedSites } from '../units.js';

/**
 * The hidden sites whose units can mean more than any other direction: not a pre-activation (a linear
 * map of the layer below, with no preferred basis) and not the output layer.
 */
export function unitSites(ctx: AnalysisContext): string[] {
  const privileged = new Set(privilegedSites(ctx.sites()));
  return hiddenSites(ctx.sites(), outputWidth(ctx.task.heads)).filter((site) => privileged.has(site));
}
