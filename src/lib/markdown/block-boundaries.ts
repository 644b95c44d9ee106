import type { Token } from 'marked';

/** The leading top-level tokens that no appended text can change, and where they end in the source. */
export interface FinalPrefix {
  /** How many leading tokens are final (a trailing space token is never counted). */
  readonly count: number;
  /**
   * Source offset just after the last final token and the rest of its line (trailing blanks and the newline):
   * a finished block is lexed again on its own, and an earlier block in it may look at that whole line (a
   * table ends at `*  ` but not at a bare `*`), so the cut must not split a line.
   */
  readonly end: number;
}

/** Blocks that a blank line always ends (when the lexer already put another token after them). */
const ENDED_BY_BLANK_LINE = new Set(['paragraph', 'blockquote', 'table', 'html', 'def']);
const BLANK_LINE = /[ \t]*\n[ \t]*\n/y;
const REST_OF_LINE = /[ \t]*\n/y;
/** HTML blocks of CommonMark types 1-5 (`<pre>`, `<!--`, ...) go on across blank lines until their end marker. */
const HTML_UNTIL_END_MARKER = /^ {0,3}<(?:(?:script|pre|style|textarea)[\s>]|!--|\?|![A-Za-z]|!\[CDATA\[)/i;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,}) *$/;

/**
 * Finds the final prefix of `tokens`, the top-level tokens marked lexed from `src` (a document that may still
 * grow at its end). A token is final when one of these holds:
 * - it is a one-line block (ATX or setext heading, thematic break), a closed fenced code block or a display
 *   formula (`$$…$$`, `\[…\]`), and the newline ending its last line has arrived;
 * - it is a paragraph, block quote, table, HTML block (other than `<pre>`, `<!--` and the like, which go on
 *   across blank lines) or definition, another token follows it, and a complete blank line separates them;
 * - the next non-space token has at least two complete lines. Whether a block ends depends only on the first
 *   line after it, except a GFM table, which needs its header and delimiter lines; both lines being complete,
 *   no appended text can move the boundary. This is what ends lists and indented code, which go on across
 *   blank lines.
 * Everything after the first token that is not final stays in the tail.
 */
export function finalPrefix(tokens: readonly Token[], src: string): FinalPrefix {
  const starts = tokenStarts(tokens, src);
  let count = 0;
  let end = 0;
  for (let i = 0; i < starts.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'space') continue;
    const start = starts[i]!;
    if (!isFinal(token, start, i, tokens, starts, src)) break;
    count = i + 1;
    end = lineEnd(src, start + token.raw.length);
  }
  return { count, end };
}

/** `offset`, moved past blanks and a newline that end the line there. */
function lineEnd(src: string, offset: number): number {
  if (src.charCodeAt(offset - 1) === 10) return offset;
  REST_OF_LINE.lastIndex = offset;
  return REST_OF_LINE.test(src) ? REST_OF_LINE.lastIndex : offset;
}

/** Start offsets of the tokens whose raw text lines up with `src` (all of them, unless marked rewrote a raw). */
function tokenStarts(tokens: readonly Token[], src: string): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    if (!src.startsWith(token.raw, offset)) break;
    starts.push(offset);
    offset += token.raw.length;
  }
  return starts;
}

function isFinal(
  token: Token,
  start: number,
  index: number,
  tokens: readonly Token[],
  starts: readonly number[],
  src: string,
): boolean {
  const end = start + token.raw.length;
  const lastLineComplete = lineEnd(src, end) > end || token.raw.endsWith('\n');
  if ((token.type === 'heading' || token.type === 'hr') && lastLineComplete) return true;
  if (token.type === 'code' && lastLineComplete && isClosedFence(token.raw)) return true;
  // A display formula token exists only once its closing delimiter has arrived.
  if (token.type === 'mathBlock' && lastLineComplete) return true;
  const endedByBlankLine =
    ENDED_BY_BLANK_LINE.has(token.type) && !(token.type === 'html' && HTML_UNTIL_END_MARKER.test(token.raw));
  if (endedByBlankLine && index + 1 < starts.length) {
    BLANK_LINE.lastIndex = start + token.raw.trimEnd().length;
    if (BLANK_LINE.test(src)) return true;
  }
  const next = nextContentToken(tokens, index + 1, starts.length);
  return next !== -1 && hasCompleteLines(src, starts[next]!, 2);
}

function nextContentToken(tokens: readonly Token[], from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (tokens[i]!.type !== 'space') return i;
  return -1;
}

function hasCompleteLines(src: string, from: number, lines: number): boolean {
  let position = from - 1;
  for (let found = 0; found < lines; found++) {
    position = src.indexOf('\n', position + 1);
    if (position === -1) return false;
  }
  return true;
}

/** Whether a fenced code token's raw text ends with its closing fence (same character, at least as long). */
export function isClosedFence(raw: string): boolean {
  const opening = FENCE_OPEN.exec(raw)?.[1];
  if (!opening) return false;
  const body = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
  const lastBreak = body.lastIndexOf('\n');
  if (lastBreak === -1) return false;
  const closing = FENCE_CLOSE.exec(body.slice(lastBreak + 1))?.[1];
  return closing !== undefined && closing[0] === opening[0] && closing.length >= opening.length;
}
