import type { ResultsFile } from '@scrutable/core';

const HEADER = ['cell', 'substrate', 'task', 'level', 'seed', 'status', 'metric', 'value', 'note'];

/** One field per RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * results.csv: one row per cell × metric (capability train/test/chance and the index included; a
 * failed cell gets one `error` row), CRLF line endings per RFC 4180. A metric's note says why it is
 * null (it does not apply) or why it is 0 (it applies and found nothing).
 */
export function renderCsv(results: ResultsFile): string {
  const rows: unknown[][] = [HEADER];
  for (const cell of results.cells) {
    const base = [cell.id, cell.substrate, cell.task, cell.level, cell.seed, cell.status];
    if (cell.status !== 'ok') {
      rows.push([...base, 'error', '', cell.error ?? '']);
      continue;
    }
    if (cell.capability) {
      rows.push([...base, 'capability.train', cell.capability.train, cell.capability.metric]);
      rows.push([...base, 'capability.test', cell.capability.test, cell.capability.metric]);
      if (cell.capability.chance !== undefined)
        rows.push([...base, 'capability.chance', cell.capability.chance, cell.capability.metric]);
    }
    rows.push([...base, 'index', cell.index ?? '', '']);
    for (const [metric, value] of Object.entries(cell.metrics ?? {})) {
      const note = cell.unavailable?.[metric] ?? cell.nothingFound?.[metric];
      rows.push([...base, metric, value ?? '', note ?? '']);
    }
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
