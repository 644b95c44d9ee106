/**
 * How search compares text: case-insensitively, as plain characters (a query is never a pattern,
 * so regex characters, RTL text and emoji match themselves). Queries are cut to a sane length.
 */
export const MAX_QUERY_CHARS = 500;

export function fold(text: string): string {
  return text.toLowerCase();
}

/** The query as searched: trimmed, inner whitespace runs as one space, folded; '' matches nothing. */
export function normalizeQuery(query: string): string {
  return fold(
    query
      .slice(0, MAX_QUERY_CHARS * 4)
      .replace(/\s+/g, ' ')
      .trim(),
  ).slice(0, MAX_QUERY_CHARS);
}

/** The line around a match, cut to about `width` characters, and where the match is in it. */
export interface Snippet {
  text: string;
  /** The match within `text` (start, end), for highlighting. */
  match: [number, number];
}

/**
 * The line of `text` holding the match at `at` (an index into `folded`, the folded text). Folding
 * keeps line breaks, so the line is found by counting them, then the match is found again in that
 * line's own folded form: no index into `text` is ever taken from `folded`.
 */
export function snippetAt(text: string, folded: string, at: number, query: string, width = 160): Snippet {
  const lineNo = countLines(folded, at);
  const line = nthLine(text, lineNo);
  const inLine = fold(line).indexOf(query);
  const start = inLine === -1 ? 0 : inLine;
  const end = inLine === -1 ? 0 : Math.min(line.length, start + query.length);
  if (line.length <= width) return { text: line, match: [start, end] };
  const from = Math.max(0, Math.min(start - Math.floor(width / 3), line.length - width));
  const cut = line.slice(from, from + width);
  const prefix = from > 0 ? '…' : '';
  const suffix = from + width < line.length ? '…' : '';
  return {
    text: prefix + cut + suffix,
    match: [start - from + prefix.length, Math.min(end - from, width) + prefix.length],
  };
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function nthLine(text: string, n: number): string {
  let start = 0;
  for (let i = 0; i < n; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}
