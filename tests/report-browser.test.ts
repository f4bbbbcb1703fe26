import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium, SKIP_BROWSER } from './chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps', 'bench', 'dist', 'cli.js');
const SKIP = SKIP_BROWSER;
const INJECTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

if (SKIP)
  console.warn(
    'report-browser: SKIPPED because SCRUTABLE_SKIP_BROWSER=1 — the HTML report was not checked in Chromium',
  );

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  return r;
}

describe('the HTML report in Chromium', () => {
  it.skipIf(SKIP)(
    'shows every verdict, renders every chart, says why a score is missing, stays offline and shows injected markup as text',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'scrutable-browser-'));
      // one cheap rung of the dense ladder, so a rung runs through a worker into the report
      const config = join(out, 'config.json');
      writeFileSync(config, JSON.stringify({ ladder: { 'dense~e2': { of: 'dense', epochs: 2 } } }));
      cli([
        'bench',
        '--config',
        config,
        '--substrates',
        'dense,planted,symbolic',
        '--tasks',
        'boolean,modadd',
        '--levels',
        '1',
        '--seeds',
        '1',
        '--workers',
        '1',
        '--no-cache',
        '--out',
        out,
      ]);
      // a substrate description is outside text: give one markup and rebuild the report from results.json
      const resultsPath = join(out, 'results.json');
      const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
      const victim = Object.keys(results.substrateInfo)[0]!;
      results.substrateInfo[victim].description = INJECTED;
      writeFileSync(resultsPath, JSON.stringify(results));
      cli(['report', out]);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('request', (r) => requests.push(r.url()));
        const url = pathToFileURL(join(out, 'index.html')).href;
        await page.goto(url, { waitUntil: 'load' });

        const claimIds = (results.summary.claims as { id: string }[]).map((c) => c.id);
        expect(claimIds.length).toBeGreaterThan(0);
        const shown = await page.$$eval('#verdicts tbody tr', (rows) =>
          rows.map((r) => r.getAttribute('data-claim')),
        );
        expect(shown).toEqual(claimIds);
        const verdicts = await page.$$eval('#verdicts tbody tr td:nth-child(3)', (cells) =>
          cells.map((c) => c.textContent),
        );
        expect(verdicts).toEqual((results.summary.claims as { verdict: string }[]).map((c) => c.verdict));

        const charts = await page.$$eval('figure.chart', (figures) =>
          figures.map((f) => ({
            name: f.getAttribute('data-chart'),
            marks: f.querySelectorAll(
              'svg .role-mark path, svg .role-mark line, svg .role-mark text, svg .role-mark rect',
            ).length,
            width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
          })),
        );
        const expectedCharts = ['capability-by-level'];
        if (results.cells.some((c: { index?: unknown }) => typeof c.index === 'number'))
          expectedCharts.push('index-by-level', 'capability-scatter');
        for (const name of expectedCharts) expect(charts.map((c) => c.name)).toContain(name);
        for (const c of charts) {
          expect(c.marks, `chart ${c.name} has no marks`).toBeGreaterThan(0);
          expect(c.width, `chart ${c.name} is not laid out`).toBeGreaterThan(0);
        }

        const described = await page.$$eval('table.descriptions td', (cells) =>
          cells.map((c) => c.textContent ?? ''),
        );
        expect(described).toContain(INJECTED);
        expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');

        // every empty score says why: a tooltip, and a marker that links to a note on the page
        const empty = await page.$$eval('table.substrates td, table.family td', (cells) =>
          cells
            .filter((c) => c.textContent?.startsWith('—'))
            .map((c) => ({
              gap: c.classList.contains('gap'),
              title: c.getAttribute('title') ?? '',
              notes: [...c.querySelectorAll('sup a')].map(
                (a) =>
                  c.ownerDocument.getElementById(a.getAttribute('href')?.slice(1) ?? '')?.textContent ?? '',
              ),
            })),
        );
        const reasons = new Set(
          (results.cells as { unavailable?: Record<string, string> }[]).flatMap((c) =>
            Object.values(c.unavailable ?? {}),
          ),
        );
        expect(reasons.size, 'this run records no null metric to show').toBeGreaterThan(0);
        expect(empty.length, 'no score cell is empty in this run').toBeGreaterThan(0);
        for (const e of empty) {
          expect(e.gap && e.title.length > 0, JSON.stringify(e)).toBe(true);
          expect(
            [...reasons].some((r) => e.title.includes(r)),
            e.title,
          ).toBe(true);
          expect(e.notes.length).toBeGreaterThan(0);
          for (const n of e.notes)
            expect(
              [...reasons].some((r) => n.includes(r)),
              n,
            ).toBe(true);
        }
        const marker = page.locator('td.gap sup a').first();
        const target = (await marker.getAttribute('href')) ?? '';
        await marker.click();
        expect(new URL(page.url()).hash).toBe(target);
        expect(await page.locator(`${target}:target`).isVisible()).toBe(true);
        expect(await page.locator('table.missing-values tbody tr').count()).toBeGreaterThan(0);

        expect(problems).toEqual([]);
        expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    // a real bench run on a shared machine: the CLI calls have their own 180 s limit each
    400_000,
  );
});
