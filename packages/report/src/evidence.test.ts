import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { evidenceTable, frequencyUnitPoints } from './evidence.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { resultsOf } from './test-results.js';

function cell(task: string, seed: number, raw: Record<string, unknown>, metrics = {}): CellResult {
  return { id: `${task}-${seed}`, substrate: 'dense', task, level: 1, seed, status: 'ok', raw, metrics };
}

const results = resultsOf;

const units = [
  { site: 'h0.post', unit: 0, frequency: 4, share: 0.97 },
  { site: 'h0.post', unit: 1, frequency: 2, share: 0.6 },
  { site: 'h0.post', unit: 2, frequency: 2, share: 0.9 },
];

const run = results([
  cell('modadd', 0, { 'evidence.fourier': { oneFrequencyShare: 0.8, frequencies: { 4: 1, 2: 1 }, units } }),
  cell('modadd', 1, { 'evidence.fourier': { oneFrequencyShare: 0.9, frequencies: { 7: 2 }, units: [] } }),
  cell('gridworld', 0, { 'evidence.cheese': { medianBefore: 0.9, medianAfter: 0.05, decisionSquares: 20 } }),
  cell('gridworld', 1, {
    'evidence.cheese': 'too few decision squares among the test examples',
    'evidence.cheese.trained': { medianBefore: 0.99, medianAfter: 0.2, decisionSquares: 30 },
  }),
  cell('facts', 0, {}, { 'edit.efficacy': 1, 'edit.generalization': 0.5, 'edit.specificity': 0.25 }),
  cell('shapes', 0, { 'evidence.dissection': { uniqueDetectors: 10, rotatedUniqueDetectors: 4, drop: 0.6 } }),
]);

describe('the essay evidence section', () => {
  it('sets each published figure beside the mean of ours over the runs that measured it', () => {
    const rows = evidenceTable(run)!.rows;
    expect(rows.map((r) => [r[1], r[4], r[5]])).toEqual([
      ['Nanda et al. 2023: 0.846', '0.85 (frequencies 2, 4, 7)', '2'],
      ['Mini et al. 2023: 0.810 → 0.030', '0.90 → 0.05', '1'],
      ['Mini et al. 2023: 0.810 → 0.030', '0.99 → 0.20', '1'],
      ['Meng et al. 2022 (ROME): 1.000 / 0.964 / 0.754', '1.00 / 0.50 / 0.25', '1'],
      ['Bau et al. 2017 (Network Dissection): about 0.800', '0.60 (10.00 → 4.00)', '1'],
    ]);
  });

  it('draws every unit of the first run, grouped by frequency, strongest first', () => {
    expect(frequencyUnitPoints(run).map((p) => [p.rank, p.frequency, p.share])).toEqual([
      [0, 2, 0.9],
      [1, 2, 0.6],
      [2, 4, 0.97],
    ]);
  });

  it('appears in the HTML (with the per-unit chart) and the Markdown report', async () => {
    const html = await renderHtml(run);
    expect(html).toContain('Mini et al. 2023');
    expect(html).toContain('data-chart="frequency-units"');
    expect(renderMarkdown(run)).toContain('Meng et al. 2022 (ROME)');
  });

  it('says so when no run measured anything', () => {
    expect(evidenceTable(results([cell('boolean', 0, {})]))).toBeNull();
  });
});
