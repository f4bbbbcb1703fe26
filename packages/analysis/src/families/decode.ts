import { AnalysisContext } from '../context.js';
import { type DecodeTable, decodeTable } from '../decode-table.js';
import { type AnalysisFamily, type Design, meanScore, needsLatents } from '../family.js';
import { clamp01, type FamilyResult, meanOf } from '../types.js';

const NO_INFORMATIVE_LATENT =
  'every latent is already linearly decodable from the inputs (or constant), so decoding finds nothing the substrate added';

/** Mean selectivity over the informative latents of a decode table (null when none is informative). */
function meanSelectivity(table: DecodeTable): number | null {
  const informative = table.latents.filter((l) => l.informative && l.selectivity !== null);
  return informative.length ? meanOf(informative.map((l) => l.selectivity!)) : null;
}

/**
 * The decode table of the same architecture untrained, read exactly as the substrate is (same seed,
 * subsamples and window); its reading work is counted in the cell's cost.
 */
async function untrainedTable(ctx: AnalysisContext): Promise<DecodeTable> {
  const twin = new AnalysisContext(ctx.untrained!, ctx.task, ctx.seed, {
    maxExamples: ctx.maxExamples,
    windowMs: ctx.run.windowMs,
  });
  const table = await decodeTable(twin);
  ctx.cost.forwardPasses += twin.cost.forwardPasses;
  ctx.cost.simulatedMs += twin.cost.simulatedMs;
  ctx.cost.synapticEvents += twin.cost.synapticEvents;
  return table;
}

/**
 * decode.selectivity: mean over informative latents of the selectivity at their best site.
 * decode.gain (beside it, not in the family score): the same mean selectivity's gain over the same
 * architecture untrained, (S − S_untrained) / (1 − S_untrained) clamped to [0, 1]: what training put
 * there beyond what width and random features already offer.
 */
export async function analyzeDecode(ctx: AnalysisContext): Promise<FamilyResult> {
  const table = await decodeTable(ctx);
  const raw: Record<string, unknown> = {
    latents: table.latents.map((l) => ({
      latent: l.name,
      site: l.bestSite,
      probe: l.bestSite ? l.sites[l.bestSite]!.probe : null,
      control: l.bestSite ? l.sites[l.bestSite]!.control : null,
      input: l.input,
      informative: l.informative,
      selectivity: l.selectivity,
    })),
    skippedSites: table.skippedSites,
  };
  const selectivity = meanSelectivity(table);
  const result: FamilyResult = {
    metrics: { 'decode.selectivity': selectivity },
    unavailable: selectivity === null ? { 'decode.selectivity': NO_INFORMATIVE_LATENT } : {},
    raw: { 'decode.selectivity': raw },
  };
  if (ctx.untrained) {
    const untrained = meanSelectivity(await untrainedTable(ctx)) ?? 0;
    const trained = selectivity ?? 0;
    const gain = untrained >= 1 ? 0 : clamp01((trained - untrained) / (1 - untrained));
    result.metrics['decode.gain'] = gain;
    result.raw['decode.gain'] = { selectivity: trained, untrainedSelectivity: untrained };
  }
  return result;
}

/** decode: what a linear probe reads from the substrate's units beyond the input and a control task. */
export const decode: AnalysisFamily = {
  id: 'decode',
  metrics: [
    { id: 'decode.selectivity', needs: ['observe'], applies: needsLatents },
    {
      id: 'decode.gain',
      needs: ['observe'],
      applies: (d: Design) =>
        needsLatents(d) ?? (d.untrained ? null : 'no untrained twin of the substrate was provided'),
    },
  ],
  inIndex: true,
  // The gain is reported beside selectivity; the family score is selectivity alone.
  score: meanScore(['decode.selectivity']),
  run: analyzeDecode,
};
