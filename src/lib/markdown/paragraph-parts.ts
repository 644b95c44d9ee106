/**
 * Cutting a very long paragraph into parts while it streams. A paragraph stays in the renderer's tail until
 * a blank line ends it, and the tail is lexed again on every update; a model that never writes a blank line
 * (or one 50 MB "word") would make every update lex, and the page lay out, all of it. Past a threshold its
 * first part is finished as a paragraph of its own: each update then costs about one part, and the page lays
 * out each part once.
 *
 * The cut is chosen so the rest lexes as the same paragraph would: it starts with a character that cannot
 * open another block (not a heading, quote, list, fence, table, HTML, math or definition). What is lost is
 * inline markup spanning the cut (an emphasis, link or code span across it shows as its characters), which
 * a paragraph of this size almost never has.
 */

import { isLowSurrogate } from '../text/utf16';

/** Marks the `<p>` of a part so CSS joins the parts without a gap. */
export const PARAGRAPH_PART_CLASS = 'md-paragraph-part';

/** Characters that may start a block other than a paragraph (or a line that lexes differently at its start). */
const BLOCK_START = /[\s#>*+\-=_|`~<$\\[]/;
/** An ordered-list marker: digits followed by `.` or `)`. */
const ORDERED_MARKER = /^\d{1,9}[.)]/;

/**
 * Where to cut `paragraph` (a paragraph's source) so its first part is at most `limit` characters: just
 * after a space in the last quarter of the limit when there is one (words stay whole), else anywhere in its
 * second half where the rest starts safely; never inside a surrogate pair. Null when there is no such place.
 */
export function paragraphCut(paragraph: string, limit: number): number | null {
  const end = Math.min(limit, paragraph.length - 1);
  for (let at = end; at >= Math.floor(limit * 0.75); at--) {
    if (isSpace(paragraph.charCodeAt(at - 1)) && startsSafely(paragraph, at)) return at;
  }
  for (let at = end; at >= Math.floor(limit / 2); at--) {
    if (startsSafely(paragraph, at)) return at;
  }
  return null;
}

/** Marks the paragraph that `html` (a rendered part) starts with as a part. */
export function markParagraphPart(html: string): string {
  return html.replace(/^(\s*<p)\b/, `$1 class="${PARAGRAPH_PART_CLASS}"`);
}

function startsSafely(text: string, at: number): boolean {
  const char = text[at];
  if (char === undefined || BLOCK_START.test(char)) return false;
  if (isLowSurrogate(text.charCodeAt(at))) return false;
  if (ORDERED_MARKER.test(text.slice(at, at + 11))) return false;
  // A pipe later on this line could make the rest a table's header row.
  const lineEnd = text.indexOf('\n', at);
  return !text.slice(at, lineEnd === -1 ? undefined : lineEnd).includes('|');
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
