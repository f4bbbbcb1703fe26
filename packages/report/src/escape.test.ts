import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdownCell } from './escape.js';

/** Decodes the five entities back, written independently of the encoder. */
function decode(html: string): string {
  const table: Record<string, string> = {
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#39;': "'",
    '&amp;': '&',
  };
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (m) => table[m]!);
}

describe('escapeHtml', () => {
  it('leaves no markup-significant character and decodes back to the original', () => {
    const nasty = `<script>alert("x")</script> & 'y' <img src=x onerror=alert(1)> &amp;`;
    const escaped = escapeHtml(nasty);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(decode(escaped)).toBe(nasty);
    expect(escapeHtml('<b>')).toBe('&lt;b&gt;');
  });

  it('turns null and numbers into text', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(0.5)).toBe('0.5');
  });

  it('keeps Markdown on one line, backslash-escapes what could start HTML, and writes no entity', () => {
    expect(escapeMarkdownCell('a|b\nc<d')).toBe('a\\|b c\\<d');
    const escaped = escapeMarkdownCell('<script>x</script> & \\ `y` &amp;');
    expect(escaped).toBe('\\<script\\>x\\</script\\> \\& \\\\ \\`y\\` \\&amp;');
    expect(escaped).not.toMatch(/(^|[^\\])[<>&]/);
  });
});
