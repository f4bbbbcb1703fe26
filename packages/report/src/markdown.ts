import { agreementCurvePoints, agreementCurveTable } from './agreement-curve.js';
import { answerSentence, verdictRule } from './answer.js';
import { escapeMarkdownCell } from './escape.js';
import { EVIDENCE_LEAD, evidenceTable } from './evidence.js';
import type { CellGap } from './missing.js';
import { READING_COST_LEAD, readingCostTable } from './reading-cost.js';
import {
  COST_OF_ASYNCHRONY_LEAD,
  failureTable,
  familyTable,
  INDEX_LEAD,
  indexFamiliesTable,
  MISSING_VALUES_LEAD,
  missingValuesTable,
  reportedFamilies,
  ruleLine,
  sanityTable,
  scopeLine,
  selfCheckTable,
  substrateTable,
  type Table,
  timingTable,
  VARIANCE_LEAD,
  varianceTable,
  verdictTable,
  versionTable,
} from './sections.js';
import type { ReportResults } from './tables.js';
import {
  CAPABILITY_LEAD,
  capabilityTable,
  costOfAsynchronyTable,
  matchedCellsTable,
} from './verdict-sections.js';

/** A cell's text, with `[n]` markers pointing to the notes that say why its value is missing. */
function cellText(text: string, gap: CellGap | undefined): string {
  return gap ? `${text} [${gap.notes.join(', ')}]` : text;
}

/** The numbered "why missing" notes under a table. */
function gapNotes(notes: readonly string[] | undefined): string {
  if (!notes?.length) return '';
  const items = notes.map((n, i) => `${i + 1}. ${escapeMarkdownCell(n)}`);
  return `\nWhy a value is missing, or averages fewer runs:\n\n${items.join('\n')}\n`;
}

function table(t: Table | null, missing: string): string {
  if (!t) return `_${missing}_\n`;
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const rows = t.rows.map((r, i) => line(r.map((c, j) => cellText(c, t.gaps?.[i]?.[j]))));
  return (
    [line(t.header), `|${t.header.map(() => ' --- ').join('|')}|`, ...rows].join('\n') +
    '\n' +
    gapNotes(t.notes)
  );
}

/** The answer: one sentence per claim, the decision rule, and the contrasts as text (the plot is in the HTML). */
function answer(results: ReportResults): string[] {
  const { claims } = results.summary;
  if (!claims.length) return ['_No claims were evaluated._\n'];
  const rule = verdictRule(results.summary);
  const sentences = claims.map((c) => `- ${escapeMarkdownCell(answerSentence(c, results.summary))}`);
  return [
    `${sentences.join('\n')}\n`,
    `${escapeMarkdownCell(ruleLine(rule.smallestEffect, rule.maxHalfWidth, rule.level))}\n`,
  ];
}

/** Every claim's matched cells, under its id. */
function matchedCells(results: ReportResults): string[] {
  return results.summary.claims.flatMap((c) => {
    const t = matchedCellsTable(c);
    return t ? [`### Cells claim ${escapeMarkdownCell(c.id)} rests on\n`, table(t, '')] : [];
  });
}

/**
 * report.md: the answer first (a sentence per claim), then the verdicts in detail with the cells each
 * rests on, the reading cost, the ruler, capability, the essay's evidence and the families; the same
 * tables as the HTML report, without charts, and with no HTML or entity in it.
 */
export function renderMarkdown(results: ReportResults): string {
  const parts = [
    '# Scrutable report\n',
    `${escapeMarkdownCell(scopeLine(results))}\n`,
    '## The answer\n',
    ...answer(results),
    '## Verdicts in detail\n',
    table(verdictTable(results), 'No claims were evaluated.'),
    ...matchedCells(results),
    '## The cost of asynchrony: reading cost\n',
    `${escapeMarkdownCell(COST_OF_ASYNCHRONY_LEAD)}\n`,
    table(costOfAsynchronyTable(results), 'No reading cost was recorded in this run.'),
    '### Reading cost per substrate and family\n',
    `${escapeMarkdownCell(READING_COST_LEAD)}\n`,
    table(readingCostTable(results), 'No cell measured its reading cost.'),
    '## Is the ruler straight? Sanity checks on the controls\n',
    table(sanityTable(results), 'No control was run.'),
    '## Capability per substrate and task level\n',
    `${escapeMarkdownCell(CAPABILITY_LEAD)}\n`,
    table(capabilityTable(results), 'No cell recorded a test accuracy.'),
    "## The essay's evidence, reproduced\n",
    `${escapeMarkdownCell(EVIDENCE_LEAD)}\n`,
    table(evidenceTable(results), 'No run measured any of the published successes.'),
    '## Interpretability index by substrate\n',
    `${escapeMarkdownCell(INDEX_LEAD)}\n`,
    table(substrateTable(results), 'No substrate was summarised.'),
    table(indexFamiliesTable(results), 'No domain level was compared.'),
    '## Variance decomposition of the index (description only)\n',
    `${escapeMarkdownCell(VARIANCE_LEAD)}\n`,
    table(varianceTable(results), 'Not computed for this run.'),
  ];
  for (const family of reportedFamilies(results)) {
    parts.push(`## Family: ${escapeMarkdownCell(family)} (mean score, substrate × domain)\n`);
    parts.push(table(familyTable(results, family), 'No scores.'));
  }
  parts.push('## Missing values: why a metric has no score\n');
  parts.push(`${escapeMarkdownCell(MISSING_VALUES_LEAD)}\n`);
  parts.push(table(missingValuesTable(results), 'Every metric of every successful run has a value.'));
  const rules = results.showcase?.rules ?? [];
  parts.push('## Symbolic rules\n');
  if (rules.length) {
    for (const r of rules) {
      parts.push(`${escapeMarkdownCell(`${r.substrate} on ${r.task} level ${r.level}`)}:\n`);
      parts.push('```text\n' + r.text.replaceAll('```', "'''") + '\n```\n');
    }
  } else parts.push('_No symbolic substrate described its rules in this run._\n');
  parts.push('## Methods\n');
  parts.push(table(timingTable(results), 'No cells.'));
  parts.push(table(versionTable(results), 'No versions recorded.'));
  parts.push('### Self-checks\n');
  parts.push(table(selfCheckTable(results), 'None ran.'));
  parts.push('### Failed cells\n');
  parts.push(table(failureTable(results), 'None.'));
  parts.push('### Spiking conversion: agreement with the source against reading window\n');
  parts.push(table(agreementCurveTable(agreementCurvePoints(results)), 'No conversion self-check ran.'));
  parts.push('### Resolved config\n');
  parts.push('```json\n' + JSON.stringify(results.config, null, 2) + '\n```\n');
  return parts.join('\n');
}
