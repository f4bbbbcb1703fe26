import { agreementCurvePoints, agreementCurveSpec } from './agreement-curve.js';
import { answerSentence, forestSpec, verdictRule } from './answer.js';
import {
  type ChartSpec,
  capabilityScatterSpec,
  familyHeatmapSpec,
  fourierSpec,
  frequencyUnitsSpec,
  indexByLevelSpec,
  indexBySubstrateSpec,
  rasterSpec,
  renderSvg,
  stdpSpec,
  varianceSpec,
  weightsSpec,
} from './charts.js';
import { escapeHtml } from './escape.js';
import { EVIDENCE_LEAD, evidenceTable, frequencyUnitPoints } from './evidence.js';
import { GROKKING_LEAD, GROKKING_MISSING, grokkingSpec } from './grokking.js';
import type { CellGap } from './missing.js';
import { READING_COST_LEAD, readingCostTable } from './reading-cost.js';
import {
  COST_OF_ASYNCHRONY_LEAD,
  failureTable,
  familyTable,
  INDEX_BY_LEVEL_LEAD,
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
import {
  capabilityByLevel,
  capabilityPoints,
  familyGrid,
  indexByLevel,
  type ReportResults,
} from './tables.js';
import {
  CAPABILITY_LEAD,
  capabilityTable,
  costOfAsynchronyTable,
  matchedCellsTable,
} from './verdict-sections.js';

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.supported{color:#17692b;font-weight:600}.contradicted{color:#a31515;font-weight:600}
.inconclusive{color:#7a5b00;font-weight:600}.negligible{color:#3b5b92;font-weight:600}
#answer ul.claims{padding-left:1.2em;margin:.25em 0}#answer li{margin:.2em 0}.rule{font-size:13px;color:#444}
details.matched{margin:.25em 0}details.matched table{font-size:13px}.note{color:#666;font-style:italic}figure{margin:.5em 0 1.5em}
pre{background:#f6f6f6;padding:.75em;overflow:auto;font-size:13px}.pair{display:flex;gap:1em;flex-wrap:wrap}
.pair img{width:280px;border:1px solid #ddd}.fail{color:#a31515;font-weight:600}
pre.rules{max-height:24em}td.gap sup{font-size:70%;line-height:0;margin-left:.15em}td.gap sup a{text-decoration:none}
.why-missing{font-size:13px;color:#444;margin:-1em 0 1.5em}.why-missing p{margin:0}.why-missing ol{margin:.25em 0}
.why-missing li:target{background:#fff3c4}`;

/** An id made of word characters and dashes only. */
function slug(name: string): string {
  return name.replace(/[^\w-]/g, '_');
}

/** A table cell; one that lacks a value (or averages fewer runs) carries its reason as a tooltip and a note marker. */
function cell(text: string, gap: CellGap | undefined, notesId: string): string {
  if (!gap) return `<td${text === 'FAIL' ? ' class="fail"' : ''}>${escapeHtml(text)}</td>`;
  const ids = gap.notes.map((n) => `${notesId}-${n}`);
  const marks = gap.notes.map((n) => `<a href="#${notesId}-${n}" aria-label="why: note ${n}">${n}</a>`);
  return `<td class="gap" title="${escapeHtml(gap.summary)}" aria-describedby="${ids.join(' ')}">${escapeHtml(text)}<sup>${marks.join(',')}</sup></td>`;
}

/** The numbered "why missing" notes under a table. */
function gapNotes(notes: readonly string[] | undefined, notesId: string): string {
  if (!notes?.length) return '';
  const items = notes.map((n, i) => `<li id="${notesId}-${i + 1}">${escapeHtml(n)}</li>`);
  return `<div class="why-missing"><p>Why a value is missing, or averages fewer runs:</p><ol>${items.join('')}</ol></div>`;
}

/** A table; `name` keeps the ids of its notes (slugs: nothing to escape) apart from other tables' notes. */
function table(t: Table | null, missing: string, cls = '', name = cls): string {
  if (!t) return note(missing);
  const notesId = `why-${slug(name || 'table')}`;
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map((r, i) => `<tr>${r.map((c, j) => cell(c, t.gaps?.[i]?.[j], notesId)).join('')}</tr>`)
    .join('\n');
  return `<table class="${cls}"><thead>${head}</thead><tbody>${body}</tbody></table>${gapNotes(t.notes, notesId)}`;
}

function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

async function chart(name: string, spec: ChartSpec | null, missing: string): Promise<string> {
  if (!spec) return note(missing);
  return `<figure class="chart" data-chart="${escapeHtml(name)}">${await renderSvg(spec, `svg-${slug(name)}`)}</figure>`;
}

function verdicts(results: ReportResults): string {
  if (!results.summary.claims.length) return note('No claims were evaluated in this run.');
  const t = verdictTable(results);
  const rows = t.rows
    .map(
      (r) =>
        `<tr data-claim="${escapeHtml(r[0])}">${r
          .map((c, i) => `<td${i === 2 ? ` class="${escapeHtml(c)}"` : ''}>${escapeHtml(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table id="verdicts"><thead><tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Above the fold: one sentence per claim in plain words, the decision rule, and the forest plot of
 * every claim's effect with its CI and the band of ±the smallest effect of interest.
 */
async function answer(results: ReportResults): Promise<string> {
  const { claims } = results.summary;
  if (!claims.length)
    return `<section id="answer"><h2>The answer</h2>${note('No claims were evaluated in this run.')}</section>`;
  const rule = verdictRule(results.summary);
  const items = claims
    .map(
      (c) =>
        `<li data-claim="${escapeHtml(c.id)}" data-verdict="${escapeHtml(c.verdict)}">${escapeHtml(answerSentence(c, results.summary))}</li>`,
    )
    .join('');
  return [
    '<section id="answer"><h2>The answer</h2>',
    `<ul class="claims">${items}</ul>`,
    `<p class="rule">${escapeHtml(ruleLine(rule.smallestEffect, rule.maxHalfWidth, rule.level))}</p>`,
    await chart('forest', forestSpec(results.summary), 'No claim has an effect to plot.'),
    '</section>',
  ].join('\n');
}

/** Every claim's matched cells, folded under its id. */
function matchedCells(results: ReportResults): string {
  return results.summary.claims
    .map((c) => {
      const t = matchedCellsTable(c);
      const n = c.matchedCells?.length ?? 0;
      const summary = `Cells claim ${c.id} rests on (${n})`;
      return `<details class="matched" data-claim="${escapeHtml(c.id)}"><summary>${escapeHtml(summary)}</summary>${table(t, 'None.', 'matched', `matched-${c.id}`)}</details>`;
    })
    .join('\n');
}

function svgImage(svg: string, alt: string): string {
  return `<img alt="${escapeHtml(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
}

async function showcases(results: ReportResults): Promise<string> {
  const s = results.showcase ?? {};
  const notes = s.notes ?? {};
  const why = (part: string, fallback: string) => notes[part] ?? fallback;
  const out: string[] = ['<h3>Gridworld: the policy before and after the cheese vector</h3>'];
  if (s.gridworld?.length) {
    for (const g of s.gridworld) {
      const shift =
        g.towardCheeseBefore !== undefined
          ? ` — median P(step toward cheese) at decision squares: ${fmt(g.towardCheeseBefore)} before, ${fmt(g.towardCheeseAfter)} after`
          : '';
      out.push(`<p>${escapeHtml(`${g.substrate}, level ${g.level}, seed ${g.seed}${shift}`)}</p>`);
      out.push(
        `<div class="pair"><figure>${svgImage(g.beforeSvg, 'policy before')}<figcaption>before</figcaption></figure>` +
          (g.afterSvg
            ? `<figure>${svgImage(g.afterSvg, 'policy after')}<figcaption>after subtracting the cheese vector</figcaption></figure>`
            : note('No steered policy was recorded.')) +
          '</div>',
      );
    }
  } else out.push(note(why('gridworld', 'No gridworld cell with a steering analysis ran.')));
  out.push('<h3>Modular addition: Fourier spectrum of the units</h3>');
  out.push(
    await chart(
      'fourier',
      s.fourier?.length ? fourierSpec(s.fourier) : null,
      why('fourier', 'No modadd spectrum was recorded.'),
    ),
  );
  out.push('<h3>A spike raster</h3>');
  if (s.raster)
    out.push(`<p>${escapeHtml(`${s.raster.substrate}, site ${s.raster.site}, one test input`)}</p>`);
  out.push(
    await chart('raster', s.raster ? rasterSpec(s.raster) : null, why('raster', 'No spiking substrate ran.')),
  );
  out.push('<h3>A dense weight matrix</h3>');
  if (s.weights)
    out.push(
      `<p>${escapeHtml(`${s.weights.substrate}: ${s.weights.name} (block means, ${s.weights.rows} × ${s.weights.cols})`)}</p>`,
    );
  out.push(
    await chart(
      'weights',
      s.weights ? weightsSpec(s.weights) : null,
      why('weights', 'No dense substrate ran.'),
    ),
  );
  out.push('<h3>The symbolic rules</h3>');
  if (s.rules?.length) {
    for (const r of s.rules)
      out.push(
        `<p>${escapeHtml(`${r.substrate} on ${r.task}, level ${r.level}`)}</p><pre class="rules">${escapeHtml(r.text)}</pre>`,
      );
  } else out.push(note(why('rules', 'No symbolic substrate described its rules.')));
  out.push('<h3>STDP window: measured against theory</h3>');
  out.push(
    await chart(
      'stdp',
      s.stdp ? stdpSpec(s.stdp) : null,
      why('stdp', 'The spiking simulator was not validated in this run.'),
    ),
  );
  return out.join('\n');
}

function fmt(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : '—';
}

/** index.html: one self-contained page (inline CSS and SVG, no script, no external request). */
export async function renderHtml(results: ReportResults): Promise<string> {
  const families = reportedFamilies(results);
  const familySections: string[] = [];
  for (const family of families) {
    familySections.push(`<h3>${escapeHtml(family)}</h3>`);
    familySections.push(
      await chart(`family-${family}`, familyHeatmapSpec(family, familyGrid(results, family)), 'No scores.'),
    );
    familySections.push(table(familyTable(results, family), 'No scores.', 'family', `family-${family}`));
  }
  const described = Object.entries(results.substrateInfo ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const body = [
    '<h1>Scrutable report</h1>',
    `<p>${escapeHtml(scopeLine(results))}</p>`,
    await answer(results),
    '<h2>Verdicts in detail</h2>',
    verdicts(results),
    matchedCells(results),
    '<h2>The cost of asynchrony: reading cost</h2>',
    `<p>${escapeHtml(COST_OF_ASYNCHRONY_LEAD)}</p>`,
    table(costOfAsynchronyTable(results), 'No reading cost was recorded in this run.', 'asynchrony-cost'),
    '<h3>Reading cost per substrate and family</h3>',
    `<p>${escapeHtml(READING_COST_LEAD)}</p>`,
    table(readingCostTable(results), 'No cell measured its reading cost.', 'reading-cost'),
    '<h2>Is the ruler straight? Sanity checks on the controls</h2>',
    table(sanityTable(results), 'No control was run.', 'sanity'),
    '<h2>Capability per substrate and task level</h2>',
    `<p>${escapeHtml(CAPABILITY_LEAD)}</p>`,
    table(capabilityTable(results), 'No cell recorded a test accuracy.', 'capability'),
    "<h2>The essay's evidence, reproduced</h2>",
    `<p>${escapeHtml(EVIDENCE_LEAD)}</p>`,
    table(evidenceTable(results), 'No run measured any of the published successes.', 'evidence'),
    "<h3>Modular addition: each hidden unit's strongest frequency</h3>",
    await chart(
      'frequency-units',
      frequencyUnitsSpec(frequencyUnitPoints(results)),
      'No run read its hidden units on modular addition.',
    ),
    '<h3>Grokking: accuracy on the pairs trained on and on held-out pairs, by epoch</h3>',
    `<p>${escapeHtml(GROKKING_LEAD)}</p>`,
    await chart('grokking', grokkingSpec(results), GROKKING_MISSING),
    '<h2>Interpretability index by substrate</h2>',
    `<p>${escapeHtml(INDEX_LEAD)}</p>`,
    await chart('index-by-substrate', indexBySubstrateSpec(results.summary), 'No substrate has an index.'),
    table(substrateTable(results), 'No substrate was summarised.', 'substrates'),
    table(indexFamiliesTable(results), 'No domain level was compared.', 'index-families'),
    '<h2>Index against domain complexity</h2>',
    `<p>${escapeHtml(INDEX_BY_LEVEL_LEAD)}</p>`,
    await chart('index-by-level', indexByLevelSpec(indexByLevel(results)), 'No cell has an index.'),
    '<h2>Capability against domain complexity</h2>',
    await chart(
      'capability-by-level',
      indexByLevelSpec(capabilityByLevel(results), 'mean test accuracy'),
      'No cell has a capability.',
    ),
    '<h2>Capability against interpretability</h2>',
    await chart('capability-scatter', capabilityScatterSpec(capabilityPoints(results)), 'No cell has both.'),
    '<h2>Variance decomposition of the index (description only)</h2>',
    `<p>${escapeHtml(VARIANCE_LEAD)}</p>`,
    await chart('variance', varianceSpec(results.summary), 'Not computed for this run.'),
    table(varianceTable(results), 'Not computed for this run.'),
    '<h2>Families: mean score per substrate and domain</h2>',
    families.length ? familySections.join('\n') : note('No family produced a score.'),
    '<h2>Missing values: why a metric has no score</h2>',
    `<p>${escapeHtml(MISSING_VALUES_LEAD)}</p>`,
    table(missingValuesTable(results), 'Every metric of every successful run has a value.', 'missing-values'),
    '<h2>Showcases</h2>',
    await showcases(results),
    '<h2>Methods</h2>',
    '<h3>Substrates</h3>',
    table(
      described.length
        ? {
            header: ['substrate', 'family', 'synchronous', 'package', 'description'],
            rows: described.map(([id, d]) => [
              id,
              d.family,
              String(d.synchronous),
              d.package ?? '—',
              d.description,
            ]),
          }
        : null,
      'No substrate descriptions recorded.',
      'descriptions',
    ),
    '<h3>Timings and backends</h3>',
    table(timingTable(results), 'No cells.'),
    '<h3>Versions</h3>',
    table(versionTable(results), 'No versions recorded.'),
    '<h3>Self-checks</h3>',
    table(selfCheckTable(results), 'None ran.'),
    '<h3>Failed cells</h3>',
    table(failureTable(results), 'None.'),
    '<h3>Spiking conversion: agreement with the source against reading window</h3>',
    await chart(
      'agreement-curve',
      agreementCurveSpec(agreementCurvePoints(results)),
      'No conversion self-check ran.',
    ),
    '<h3>Resolved config</h3>',
    `<pre>${escapeHtml(JSON.stringify(results.config, null, 2))}</pre>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scrutable report</title><style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
