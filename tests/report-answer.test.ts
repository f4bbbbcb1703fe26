import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize } from '@scrutable/analysis';
import { type CellResult, Rng } from '@scrutable/core';
import { type ReportResults, renderHtml, renderMarkdown } from '@scrutable/report';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { launchChromium, SKIP_BROWSER } from './chromium.js';

const SCHEMA = new URL(import.meta.resolve('@scrutable/core/results.schema.json'));
/** A laptop screen: what is "above the fold". */
const VIEWPORT = { width: 1280, height: 1000 };

const substrates = {
  dense: { family: 'dense', synchronous: true },
  'spiking-converted': { family: 'spiking', synchronous: false },
  'wta-rate': { family: 'rate', synchronous: true },
  spiking: { family: 'spiking', synchronous: false },
  'spiking-plastic': { family: 'spiking', synchronous: false },
};

/**
 * Planted answers: dense beats its converted twin by 0.3 (supported), equals the plastic spiking net
 * within ±0.01 (negligible), and the rate twin and the spiking net share three tasks only (inconclusive).
 */
function plantedCells(): CellResult[] {
  const rng = new Rng(4);
  const cells: CellResult[] = [];
  for (let t = 0; t < 10; t++)
    for (const level of [1, 2]) {
      const shared = 0.6 + rng.normal(0, 0.05);
      for (const substrate of Object.keys(substrates)) {
        if ((substrate === 'spiking' || substrate === 'wta-rate') && t >= 3) continue;
        const index =
          substrate === 'spiking-converted'
            ? shared - 0.3 + rng.normal(0, 0.03)
            : substrate === 'spiking-plastic'
              ? shared + rng.normal(0, 0.01)
              : shared;
        cells.push({
          id: `${substrate}/${t}/${level}`,
          substrate,
          task: `task${t}`,
          level,
          seed: 0,
          status: 'ok',
          capability: { metric: 'accuracy', train: 1, test: 0.95, chance: 0.5, linear: 0.6 },
          metrics: { 'decode.selectivity': index, 'ablate.cause': index },
          index,
        });
      }
    }
  return cells;
}

function plantedResults(): ReportResults {
  const cells = plantedCells();
  return {
    schemaVersion: 1,
    suite: 'quick',
    createdAt: '2026-01-01T00:00:00.000Z',
    environment: { node: 'v20', platform: 'linux-x64', cpus: 2, packages: {} },
    config: {},
    cells,
    summary: summarize(cells, { substrates, seed: 0, resamples: 500 }),
  };
}

describe('the report leads with the answer', () => {
  const results = plantedResults();

  it('validates against the results contract and gets the planted verdicts', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    const verdict = (id: string) => results.summary.claims.find((c) => c.id === id)?.verdict;
    expect([verdict('1a-A'), verdict('1a-C'), verdict('1a-B')]).toEqual([
      'supported',
      'negligible',
      'inconclusive',
    ]);
  });

  it('states every claim in plain words in the Markdown, with no entity', () => {
    const md = renderMarkdown(results);
    const answer = md.slice(md.indexOf('## The answer'), md.indexOf('## Verdicts in detail'));
    for (const c of results.summary.claims) expect(answer).toContain(`- ${c.id}. `);
    expect(answer).toContain('1a-A. Dense network against the spiking network converted from it');
    expect(answer).toContain('negligible (no difference that matters)');
    expect(answer).toContain('±0.1 (the smallest effect of interest');
    expect(md).not.toMatch(/&(lt|gt|amp|quot|#39|#\d+);/);
  });

  it.skipIf(SKIP_BROWSER)(
    'renders the claims and the forest plot above the fold in Chromium, offline',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'scrutable-answer-'));
      const file = join(out, 'index.html');
      writeFileSync(file, await renderHtml(results));
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: VIEWPORT });
        const requests: string[] = [];
        const problems: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('pageerror', (e) => problems.push(e.message));
        const url = pathToFileURL(file).href;
        await page.goto(url, { waitUntil: 'load' });
        if (process.env['SCRUTABLE_ANSWER_SHOT'])
          await page.screenshot({ path: process.env['SCRUTABLE_ANSWER_SHOT'] });

        const lines = await page.$$eval('#answer li', (items) =>
          items.map((li) => ({
            claim: li.getAttribute('data-claim'),
            text: li.textContent ?? '',
            bottom: li.getBoundingClientRect().bottom,
          })),
        );
        expect(lines.map((l) => l.claim)).toEqual(results.summary.claims.map((c) => c.id));
        const line = (id: string) => lines.find((l) => l.claim === id)!.text;
        expect(line('1a-A')).toMatch(/supported; the dense network is more interpretable by 0\.\d\d, 95% CI/);
        expect(line('1a-C')).toContain('negligible (no difference that matters)');
        expect(line('1a-B')).toContain('not decided');
        expect(line('1a-B')).toContain('no 95% interval (3 tasks');

        const forest = await page.$eval('#answer figure[data-chart="forest"]', (f) => {
          const box = f.getBoundingClientRect();
          return {
            top: box.top,
            bottom: box.bottom,
            points: f.querySelectorAll('svg .mark-symbol.role-mark path').length,
            bars: f.querySelectorAll('svg .mark-rule.role-mark line').length,
            band: f.querySelectorAll('svg .mark-rect.role-mark path').length,
          };
        });
        // one point per claim with an effect, a CI bar each plus the zero line, and the ±SESOI band
        const withEffect = results.summary.claims.filter((c) => typeof c.effect === 'number').length;
        expect(forest.points).toBe(withEffect);
        expect(forest.bars).toBeGreaterThan(withEffect);
        expect(forest.band).toBe(1);
        expect(Math.max(...lines.map((l) => l.bottom))).toBeLessThanOrEqual(VIEWPORT.height);
        expect(forest.bottom).toBeLessThanOrEqual(VIEWPORT.height);

        expect(problems).toEqual([]);
        expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
