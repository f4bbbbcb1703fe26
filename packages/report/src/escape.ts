/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Escapes text for Markdown, on one line: backslash escapes (CommonMark) for the backslash, pipes and
 * the characters that start HTML, so no markup is ever read as HTML and no entity appears in the text.
 */
export function escapeMarkdownCell(text: unknown): string {
  return String(text ?? '')
    .replaceAll(/[\\|<>&`]/g, (c) => `\\${c}`)
    .replaceAll(/\r?\n/g, ' ');
}
