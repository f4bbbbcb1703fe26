import type { CellResult } from '@scrutable/core';
import type { ReportResults } from './tables.js';

/** For tests: a quick-suite results file holding `cells` and an empty summary. */
export function resultsOf(cells: CellResult[]): ReportResults {
  return {
    schemaVersion: 1,
    suite: 'quick',
    createdAt: '2026-01-01T00:00:00.000Z',
    environment: { node: 'v20', platform: 'linux-x64', cpus: 2, packages: {} },
    config: {},
    cells,
    summary: { substrates: [], claims: [] },
  };
}
