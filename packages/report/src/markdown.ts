import { escapeMarkdownCell } from './escape.js';
import type { CellGap } from './missing.js';
import { READING_COST_LEAD, readingCostTable } from './reading-cost.js';
import {
  failureTable,
  familyTable,
  INDEX_LEAD,
  indexFamiliesTable,
  MISSING_VALUES_LEAD,
  missingValuesTable,
  reportedFamilies,
  sanityTable,
  scopeLine,
  substrateTable,
  type Table,
  timingTable,
  varianceTable,
  verdictTable,
  versionTable,
} from './sections.js';
import type { ReportResults } from './tables.js';

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

/** report.md: the verdicts first, then the same tables as the HTML report (no charts). */
export function renderMarkdown(results: ReportResults): string {
  const parts = [
    '# Scrutable report\n',
    `${escapeMarkdownCell(scopeLine(results))}\n`,
    '## Verdicts\n',
    table(verdictTable(results), 'No claims were evaluated.'),
    '## Interpretability index by substrate\n',
    `${escapeMarkdownCell(INDEX_LEAD)}\n`,
    table(substrateTable(results), 'No substrate was summarised.'),
    table(indexFamiliesTable(results), 'No domain level was compared.'),
    '## Reading cost\n',
    `${escapeMarkdownCell(READING_COST_LEAD)}\n`,
    table(readingCostTable(results), 'No cell measured its reading cost.'),
    '## Variance decomposition of the index\n',
    table(varianceTable(results), 'Not computed for this run.'),
    '## Sanity checks on the controls\n',
    table(sanityTable(results), 'No control was run.'),
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
  parts.push('### Failed cells\n');
  parts.push(table(failureTable(results), 'None.'));
  parts.push('### Resolved config\n');
  parts.push('```json\n' + JSON.stringify(results.config, null, 2) + '\n```\n');
  return parts.join('\n');
}
