import type { ClaimVerdict, ResultsSummary } from '@scrutable/core';
import type { ChartSpec } from './charts.js';
import { formatNumber } from './format.js';

/** The decision rule the run used; the pre-registered values when an older results file lacks it. */
export function verdictRule(summary: ResultsSummary): {
  smallestEffect: number;
  maxHalfWidth: number;
  level: number;
} {
  return summary.verdictRule ?? { smallestEffect: 0.1, maxHalfWidth: 0.08, level: 0.95 };
}

/** What each claim compares, in plain words, and what a positive effect means. */
const SUBJECTS: Readonly<Record<string, { what: string; positive: string; negative: string }>> = {
  '1a-A': {
    what: 'Dense network against the spiking network converted from it (same function, asynchronous)',
    positive: 'the dense network is more interpretable',
    negative: 'the converted spiking network is more interpretable',
  },
  '1a-B': {
    what: 'Rate winner-take-all network against its spiking twin (same local learning rule)',
    positive: 'the synchronous twin is more interpretable',
    negative: 'the spiking twin is more interpretable',
  },
  '1a-C': {
    what: 'Dense network at matched accuracy against a spiking network that learns by local plasticity',
    positive: 'the dense network is more interpretable',
    negative: 'the plastic spiking network is more interpretable',
  },
  '1a': {
    what: 'Claim 1a, synchronous matrices are the most interpretable (from 1a-A, 1a-C and the reading cost, by a rule fixed in advance)',
    positive: 'synchronous networks come out ahead',
    negative: 'spiking networks come out ahead',
  },
  '1b': {
    what: 'Claim 1b, inscrutability comes from the domain, not the structure',
    positive: 'the index falls with domain complexity',
    negative: 'the index rises with domain complexity',
  },
  'symbolic-scaling': {
    what: 'The symbolic baseline against the best connectionist substrate as complexity grows',
    positive: 'the symbolic baseline falls further behind per level',
    negative: 'the symbolic baseline falls further behind per level',
  },
  'symbolic-vs-linear': {
    what: 'The symbolic baseline against a linear readout of the raw inputs as complexity grows',
    positive: 'the symbolic baseline falls further behind per level',
    negative: 'the symbolic baseline falls further behind per level',
  },
};

/** How a verdict reads in a sentence. */
const VERDICT_WORDS: Readonly<Record<ClaimVerdict['verdict'], string>> = {
  supported: 'supported',
  contradicted: 'contradicted',
  negligible: 'negligible (no difference that matters)',
  inconclusive: 'not decided',
};

/** The interval and what it rests on, in words. */
function intervalWords(c: ClaimVerdict, level: number): string {
  const tasks = c.tasks?.length ?? 0;
  const cells = c.matchedCells?.length ?? 0;
  const base = `${tasks} task${tasks === 1 ? '' : 's'}, ${cells} matched cell${cells === 1 ? '' : 's'}`;
  const [lo, hi] = c.ci ?? [null, null];
  if (lo === null || hi === null) return `no ${Math.round(level * 100)}% interval (${base})`;
  return `${Math.round(level * 100)}% CI ${formatNumber(lo)} to ${formatNumber(hi)} (${base})`;
}

/** One sentence per claim: what is compared, the verdict, the effect and its interval, in plain words. */
export function answerSentence(c: ClaimVerdict, summary: ResultsSummary): string {
  const rule = verdictRule(summary);
  const subject = SUBJECTS[c.id];
  const what = subject?.what ?? c.statement;
  const verdict = VERDICT_WORDS[c.verdict];
  if (c.effect === null || c.effect === undefined) {
    const why = c.id === '1a' ? 'by the rule over its contrasts' : 'nothing could be compared';
    return `${c.id}. ${what}: ${verdict}, ${why}.`;
  }
  const decided = c.verdict === 'supported' || c.verdict === 'contradicted';
  const direction = subject ? (c.effect >= 0 ? subject.positive : subject.negative) : 'the effect is';
  const size = decided
    ? `${direction} by ${formatNumber(Math.abs(c.effect))}`
    : `estimate ${formatNumber(c.effect)}`;
  const qualifier =
    c.qualifier === 'underpowered'
      ? `; underpowered, the interval's half-width ${formatNumber(c.halfWidth)} exceeds ${rule.maxHalfWidth}`
      : c.qualifier === 'below-sesoi'
        ? `; smaller than the smallest effect of interest, ${rule.smallestEffect}`
        : '';
  return `${c.id}. ${what}: ${verdict}; ${size}, ${intervalWords(c, rule.level)}${qualifier}.`;
}

/** One colour per verdict, the same on every page. */
const VERDICT_COLOURS = {
  domain: ['supported', 'contradicted', 'negligible', 'inconclusive'],
  range: ['#17692b', '#a31515', '#3b5b92', '#7a5b00'],
};

/**
 * The forest plot: every claim with an estimate as a point, its CI as a bar, zero as a line and the
 * band of ±smallest effect of interest shaded, inside which an effect is negligible.
 */
export function forestSpec(summary: ResultsSummary): ChartSpec | null {
  const rule = verdictRule(summary);
  const values = summary.claims
    .filter((c) => typeof c.effect === 'number' && Number.isFinite(c.effect))
    .map((c) => ({
      claim: c.id,
      effect: c.effect,
      lo: c.ci?.[0] ?? c.effect,
      hi: c.ci?.[1] ?? c.effect,
      verdict: c.verdict,
      interval: c.ci?.[0] === null || c.ci?.[0] === undefined ? 'no interval' : 'interval',
    }));
  if (!values.length) return null;
  const order = values.map((v) => v.claim);
  const y = { field: 'claim', type: 'nominal', title: null, sort: order };
  const x = { type: 'quantitative', title: 'effect (index units; symbolic rows: accuracy per level)' };
  const band = rule.smallestEffect;
  return {
    width: 460,
    height: { step: 26 },
    layer: [
      {
        data: { values: [{ lo: -band, hi: band }] },
        mark: { type: 'rect', color: '#e6e6e6' },
        encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#555' },
        encoding: { x: { field: 'zero', ...x } },
      },
      {
        data: { values },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          y,
          x: { field: 'lo', ...x },
          x2: { field: 'hi' },
          color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLOURS },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y,
          x: { field: 'effect', ...x },
          color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLOURS },
          shape: { field: 'interval', type: 'nominal', title: null },
        },
      },
    ],
  };
}
