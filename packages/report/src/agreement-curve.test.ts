import { describe, expect, it } from 'vitest';
import { agreementCurvePoints, agreementCurveSpec, agreementCurveTable } from './agreement-curve.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { ReportResults } from './tables.js';

/** Self-checks as the bench records them: two curves of the converted network, one check without a curve. */
const selfChecks = {
  'spiking-converted': {
    passed: false,
    checks: [
      {
        name: 'agreement with dense at 1000 ms: boolean L1',
        passed: true,
        observed: {
          agreement: 1,
          curve: [
            { windowMs: 10, agreement: 0.5 },
            { windowMs: 1000, agreement: 1 },
          ],
        },
        expected: 'agreement >= 0.99',
      },
      {
        name: 'agreement with dense at 1000 ms: modadd L1',
        passed: false,
        observed: { agreement: 0.9, curve: [{ windowMs: 10, agreement: 0.25 }] },
        expected: 'agreement >= 0.99',
      },
    ],
  },
  spiking: { passed: true, checks: [{ name: 'f-I curve', passed: true, observed: { rmse: 0.1 } }] },
};

function withSelfChecks(): ReportResults {
  return {
    schemaVersion: 1,
    suite: 'quick',
    createdAt: '2026-01-01T00:00:00Z',
    environment: { node: 'v20', platform: 'linux', packages: {} },
    config: {},
    cells: [],
    summary: { substrates: [], claims: [] },
    selfChecks,
  } as unknown as ReportResults;
}

describe('agreement curve', () => {
  it('reads one series per check that records a curve, named by substrate and domain level', () => {
    const points = agreementCurvePoints(withSelfChecks());
    expect(points).toEqual([
      { series: 'spiking-converted: boolean L1', windowMs: 10, agreement: 0.5 },
      { series: 'spiking-converted: boolean L1', windowMs: 1000, agreement: 1 },
      { series: 'spiking-converted: modadd L1', windowMs: 10, agreement: 0.25 },
    ]);
    expect(agreementCurveTable(points)).toEqual({
      header: ['series', '10 ms', '1000 ms'],
      rows: [
        ['spiking-converted: boolean L1', '0.500', '1.000'],
        ['spiking-converted: modadd L1', '0.250', '—'],
      ],
    });
  });

  it('has nothing to draw when no self-check ran', () => {
    expect(agreementCurvePoints({})).toEqual([]);
    expect(agreementCurveSpec([])).toBeNull();
    expect(agreementCurveTable([])).toBeNull();
  });

  it('is drawn in the HTML report and tabled in the Markdown report', async () => {
    const html = await renderHtml(withSelfChecks());
    const figure = html.match(/<figure class="chart" data-chart="agreement-curve">([\s\S]*?)<\/figure>/);
    expect(figure?.[1]).toMatch(/class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(renderMarkdown(withSelfChecks())).toContain('| spiking-converted: modadd L1 | 0.250 | — |');
    const { selfChecks: _omitted, ...bare } = withSelfChecks() as ReportResults & { selfChecks?: unknown };
    expect(await renderHtml(bare)).toContain('No conversion self-check ran.');
  });
});
