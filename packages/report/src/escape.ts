/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escapes text for a Markdown table cell: pipes, newlines and HTML-significant characters. */
export function escapeMarkdownCell(text: unknown): string {
  return escapeHtml(text).replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}
