import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { ReportResults } from './tables.js';

/** An RFC 4180 parser written for this test, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field).toBe('');
  return rows;
}

const NASTY = '<script>window.pwned=1</script>';

function cell(substrate: string, task: string, level: number, index: number, capability: number): CellResult {
  return {
    id: `${substrate}-${task}-${level}`,
    substrate,
    task,
    level,
    seed: 0,
    status: 'ok',
    capability: { metric: 'accuracy', train: 1, test: capability, chance: 0.5 },
    metrics: { 'decode.selectivity': index, 'localize.k1': index / 2, 'edit.score': null },
    unavailable: { 'edit.score': 'needs "edit", has none' },
    index,
  };
}

function results(): ReportResults {
  return {
    schemaVersion: 1,
    suite: 'quick',
    createdAt: '2026-01-01T00:00:00.000Z',
    environment: {
      node: 'v20',
      platform: 'linux-x64',
      cpus: 2,
      packages: { '@scrutable/core': '0.1.0' },
      backends: { dense: 'tfjs-wasm' },
    },
    config: { substrates: ['dense', 'spiking'], note: NASTY },
    cells: [
      cell('dense', 'boolean', 1, 0.8, 0.9),
      cell('dense', 'boolean', 2, 0.6, 0.8),
      cell('spiking', 'boolean', 1, 0.4, 0.7),
      {
        id: 'x',
        substrate: 'spiking',
        task: 'modadd',
        level: 1,
        seed: 0,
        status: 'failed',
        error: 'boom, "quoted"\nline',
      },
    ],
    summary: {
      substrates: [
        { substrate: 'dense', index: 0.7, ci: [0.6, 0.8], capability: 0.85, families: { decode: 0.7 } },
        {
          substrate: 'spiking',
          index: 0.4,
          ci: [null, null],
          ciNote: 'no 95% interval: the index rests on 1 task, and an interval over tasks needs at least 6',
          capability: 0.7,
        },
      ],
      claims: [
        {
          id: '1a',
          statement: 'dense beats spiking',
          verdict: 'supported',
          effect: 0.3,
          ci: [0.1, 0.5],
          evidence: '2 cells',
        },
        { id: '1b', statement: 'domain dominates', verdict: 'inconclusive', evidence: NASTY },
      ],
      varianceDecomposition: { domain: 0.5, substrate: 0.3, interaction: 0.1, residual: 0.1 },
      varianceOmegaSquared: { domain: 0.4, substrate: 0.25, interaction: null },
      indexFamilies: {
        'boolean/L10': { used: [], leftOut: ['decode'] },
        'boolean/L2': { used: ['decode'], leftOut: [] },
        'boolean/L1': { used: ['decode', 'localize'], leftOut: ['edit'] },
      },
      sanity: [{ control: 'planted', family: 'decode', expected: '> 0.8', observed: 0.9, pass: true }],
    },
    substrateInfo: { dense: { family: 'dense', synchronous: true, description: NASTY } },
    showcase: {
      rules: [{ substrate: 'symbolic', task: 'boolean', level: 1, text: `if a and b ${NASTY}` }],
      fourier: [{ substrate: 'dense', level: 1, spectrum: [0.1, 0.7, 0.2] }],
      raster: { substrate: 'spiking', site: 'exc', units: [0, 3, 1], timesMs: [1.5, 2, 40] },
      weights: { substrate: 'dense', name: 'W0', rows: 2, cols: 2, values: [0.5, -1, 0, 2] },
      gridworld: [
        { substrate: 'dense', level: 1, seed: 0, beforeSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
      ],
      stdp: {
        points: [-20, -10, 10, 20].map((dtMs) => ({
          dtMs,
          measured: Math.sign(dtMs) * 0.5,
          expected: Math.sign(dtMs) * 0.5,
        })),
      },
    },
  };
}

describe('renderCsv', () => {
  it('writes one row per cell × metric that an RFC 4180 parser reads back exactly', () => {
    const text = renderCsv(results());
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'cell',
      'substrate',
      'task',
      'level',
      'seed',
      'status',
      'metric',
      'value',
      'note',
    ]);
    // 3 ok cells × (3 capability + index + 3 metrics) + 1 failed cell
    expect(rows).toHaveLength(1 + 3 * 7 + 1);
    expect(rows.every((r) => r.length === 9)).toBe(true);
    expect(rows.at(-1)).toEqual([
      'x',
      'spiking',
      'modadd',
      '1',
      '0',
      'failed',
      'error',
      '',
      'boom, "quoted"\nline',
    ]);
    const edit = rows.find((r) => r[0] === 'dense-boolean-1' && r[6] === 'edit.score')!;
    expect(edit.slice(7)).toEqual(['', 'needs "edit", has none']);
  });
});

describe('renderHtml', () => {
  it('renders every chart with data as SVG marks, escapes every outside string and is deterministic', async () => {
    const html = await renderHtml(results());
    const figures = new Map(
      [...html.matchAll(/<figure class="chart" data-chart="([^"]+)">([\s\S]*?)<\/figure>/g)].map((m) => [
        m[1],
        m[2]!,
      ]),
    );
    for (const name of [
      'index-by-substrate',
      'index-by-level',
      'capability-by-level',
      'capability-scatter',
      'variance',
      'family-decode',
      'fourier',
      'raster',
      'weights',
      'stdp',
    ]) {
      const svg = figures.get(name);
      expect(svg, name).toMatch(/^<svg[^>]*>/);
      // a mark container holding at least one drawn element
      expect(svg, name).toMatch(/class="mark-[a-z]+ role-mark[^"]*"[^>]*>\s*<(path|line|text|rect)/);
    }
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const claim of ['1a', '1b']) expect(html).toContain(`data-claim="${claim}"`);
    // showcases without data say so instead of failing
    expect(html).toContain('No steered policy was recorded.');
    const bare = await renderHtml({ ...results(), showcase: {} });
    expect(bare).toContain('No gridworld cell with a steering analysis ran.');
    expect(bare).toContain('No spiking substrate ran.');
    expect(bare).toContain('The spiking simulator was not validated in this run.');
    expect(await renderHtml(results())).toBe(html);
  });

  it('leads with the answer: the claims in plain words and the forest plot, before every other chart', async () => {
    const html = await renderHtml(results());
    const answer = html.indexOf('id="answer"');
    const forest = html.indexOf('data-chart="forest"');
    expect(answer).toBeGreaterThan(0);
    expect(html.indexOf('<li data-claim="1a"')).toBeGreaterThan(answer);
    expect(forest).toBeGreaterThan(html.indexOf('<li data-claim="1b"'));
    expect(forest).toBeLessThan(html.indexOf('<svg'));
    expect(html.indexOf('id="verdicts"')).toBeGreaterThan(forest);
    expect(html).toContain('1a. Claim 1a, synchronous matrices are the most interpretable');
  });
});

describe('renderMarkdown', () => {
  it('lists every claim with its verdict, the substrate index with CI and the escaped evidence', () => {
    const md = renderMarkdown(results());
    expect(md).toContain(
      '| 1a | dense beats spiking | supported |  | 0.30 | [0.10, 0.50] | — | — | — | 2 cells |',
    );
    expect(md).toContain('| dense | 0.70 | [0.60, 0.80] | 0.85 |');
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('| planted | decode | \\> 0.8 | 0.90 | pass |');
    // the answer comes first, and the Markdown holds neither HTML nor an entity
    expect(md.indexOf('## The answer')).toBeLessThan(md.indexOf('## Verdicts in detail'));
    expect(md).not.toMatch(/&(lt|gt|amp|quot|#39|#\d+);/);
    const prose = md.replaceAll(/```[\s\S]*?```/g, '');
    expect(prose).not.toMatch(/(^|[^\\])<script/);
  });
});

describe('the families the per-substrate index is taken over', () => {
  it('are listed per domain level, in level order, below the substrate table in both formats', () => {
    const md = renderMarkdown(results());
    const section = md.slice(md.indexOf('## Interpretability index by substrate'), md.indexOf('## Variance'));
    expect(section).toContain('taken over only the families that every compared substrate scored');
    const rows = [
      '| boolean/L1 | decode, localize | edit |',
      '| boolean/L2 | decode | none |',
      '| boolean/L10 | none: this domain level is left out | decode |',
    ];
    for (const row of rows) expect(section).toContain(row);
    const at = rows.map((r) => section.indexOf(r));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(section.indexOf('| dense | 0.70')).toBeLessThan(at[0]!);
  });

  it('appear in the HTML report too', async () => {
    const html = await renderHtml(results());
    const section = html.slice(
      html.indexOf('<h2>Interpretability index by substrate'),
      html.indexOf('<h2>Index against'),
    );
    expect(section).toContain('<td>boolean/L1</td><td>decode, localize</td><td>edit</td>');
  });
});

/** A reason with markup, a pipe, quotes and an ampersand: outside text every renderer must escape. */
const WHY = 'no <b>parameter</b> matrix | "edit" & co';

/** The fixture plus edit scores on facts: dense has one, spiking none (both runs null), symbolic one of two. */
function withNullMetrics(): ReportResults {
  const base = results();
  const facts = (substrate: string, level: number, edit: number | null, why = WHY): CellResult => ({
    ...cell(substrate, 'facts', level, 0.5, 0.9),
    metrics: { 'decode.selectivity': 0.5, 'edit.score': edit },
    unavailable: edit === null ? { 'edit.score': why } : {},
  });
  return {
    ...base,
    cells: [
      ...base.cells,
      facts('dense', 1, 0.6),
      facts('spiking', 1, null),
      facts('spiking', 2, null),
      facts('symbolic', 1, 0.4),
      facts('symbolic', 2, null, 'the rules read no edit'),
    ],
    summary: {
      ...base.summary,
      substrates: [
        { substrate: 'dense', index: 0.7, ci: [0.6, 0.8], capability: 0.9, families: { edit: 0.6 } },
        { substrate: 'spiking', index: 0.4, ci: [0.3, 0.5], capability: 0.9, families: { edit: null } },
        { substrate: 'symbolic', index: 0.5, ci: [0.4, 0.6], capability: 0.9, families: { edit: 0.4 } },
      ],
    },
  };
}

/** The HTML between two headings. */
function between(html: string, from: string, to: string): string {
  return html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));
}

describe('null metrics in the report', () => {
  it('gives every empty score cell of the HTML its escaped reason as a tooltip and a linked note', async () => {
    const html = await renderHtml(withNullMetrics());
    const escaped = 'no &lt;b&gt;parameter&lt;/b&gt; matrix | &quot;edit&quot; &amp; co';
    expect(html).not.toContain('<b>parameter');
    const edit = between(html, '<h3>edit</h3>', '<h3>localize</h3>');
    // the spiking row: boolean (the fixture's own reason) and facts (WHY), each with its note
    const spiking = edit.match(/<tr><td>spiking<\/td>(.*?)<\/tr>/)?.[1] ?? '';
    expect(spiking).toContain(
      `<td class="gap" title="no edit score in any of its 2 runs: ${escaped}" aria-describedby="why-family-edit-2">—<sup><a href="#why-family-edit-2" aria-label="why: note 2">2</a></sup></td>`,
    );
    expect(edit).toContain(`<li id="why-family-edit-2">spiking: ${escaped} (2 runs)</li>`);
    expect(edit).toMatch(/<li id="why-family-edit-1">[^<]*needs &quot;edit&quot;, has none \(3 runs\)<\/li>/);
    // a mean over fewer runs says so
    expect(edit).toContain('title="mean of 1 of 2 runs; 1 run has no edit score: the rules read no edit"');
    expect(edit).toContain('symbolic: the rules read no edit (1 run, left out of the mean shown)');
    // no empty score cell without a reason, in the family tables or the substrate table
    const families = between(html, '<h2>Families', '<h2>Missing values');
    const substrates = between(html, '<h2>Interpretability index by substrate', '<h2>Index against');
    for (const part of [families, substrates]) expect(part).not.toMatch(/<td>—/);
    expect(substrates).toContain(
      `title="no edit score in any of its 3 runs: needs &quot;edit&quot;, has none (1 run); ${escaped} (2 runs)"`,
    );
    // the missing-values table lists the reason with the runs it covers
    expect(between(html, '<h2>Missing values', '<h2>Is the ruler')).toContain(
      `<tr><td>edit.score</td><td>${escaped}</td><td>2: spiking 2</td></tr>`,
    );
  });

  it('marks empty Markdown cells with numbered notes and lists every reason under Missing values', () => {
    const md = renderMarkdown(withNullMetrics());
    const escaped = 'no \\<b\\>parameter\\</b\\> matrix \\| "edit" \\& co';
    expect(md).not.toContain('<b>parameter');
    const edit = md.slice(md.indexOf('## Family: edit'), md.indexOf('## Family: localize'));
    expect(edit).toContain('| spiking | — [1] | — [2] |');
    // symbolic never ran on boolean in this fixture
    expect(edit).toContain('| symbolic | — [3] | 0.40 [4] |');
    expect(edit).toContain(`2. spiking: ${escaped} (2 runs)`);
    expect(edit).toContain('3. symbolic: no successful run\n');
    expect(edit).toContain('4. symbolic: the rules read no edit (1 run, left out of the mean shown)');
    expect(md).toContain('| spiking | 0.40 | [0.30, 0.50] | 0.90 | — [1, 2] |');
    expect(md).toMatch(/\d+\. spiking · edit: no \\<b\\>parameter/);
    const missing = md.slice(md.indexOf('## Missing values'), md.indexOf('## Symbolic rules'));
    expect(missing).toContain(`| edit.score | ${escaped} | 2: spiking 2 |`);
    expect(missing).toContain('| edit.score | needs "edit", has none | 3: dense 2, spiking 1 |');
  });
});

describe('an index without an interval', () => {
  it('says why its CI is missing, in the Markdown and as an HTML tooltip with a note', async () => {
    const why = 'no 95% interval: the index rests on 1 task, and an interval over tasks needs at least 6';
    const md = renderMarkdown(results());
    expect(md).toMatch(/\| spiking \| 0\.40 \| \[—, —\] \[(\d+)\] \|/);
    const note = md.match(/\| spiking \| 0\.40 \| \[—, —\] \[(\d+)\] \|/)![1];
    expect(md).toContain(`${note}. spiking · 95% CI: ${why}`);
    const html = await renderHtml(results());
    expect(html).toContain(`title="${why}"`);
    // the dense row has its interval and no note
    expect(md).toMatch(/\| dense \| 0\.70 \| \[0\.60, 0\.80\] \| 0\.85 \|/);
  });
});

describe('the variance decomposition', () => {
  it('shows each raw share beside its chance-corrected ω²', () => {
    const md = renderMarkdown(results());
    expect(md).toContain('| domain | 0.50 | 0.40 |');
    expect(md).toContain('| substrate | 0.30 | 0.25 |');
    expect(md).toContain('| interaction | 0.10 | — |');
    expect(md).toContain('| residual | 0.10 |  |');
  });
});
