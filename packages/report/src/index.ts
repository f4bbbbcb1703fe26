export { renderSvg } from './charts.js';
export { csvField, renderCsv } from './csv.js';
export { escapeHtml, escapeMarkdownCell } from './escape.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export type { Showcase } from './showcase.js';
export type { ReportResults, SubstrateDescription } from './tables.js';
