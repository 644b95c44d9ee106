import type { TokenizerExtension, Tokens } from 'marked';

/** A complete formula found in markdown: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` (fenced `math` blocks are code tokens). */
export interface MathToken extends Tokens.Generic {
  type: 'mathBlock' | 'mathInline';
  raw: string;
  /** The LaTeX between the delimiters. */
  tex: string;
  /** Display math (`$$`, `\[`), set apart on its own line. */
  display: boolean;
}

/**
 * `$$` or `\[` starting a line, then the formula (no blank line in it), then `$$` or `\]` ending a line. A formula
 * that is still open matches nothing, so it stays paragraph text (shown as source) until its closing delimiter
 * arrives.
 */
const BLOCK_DOLLARS = /^ {0,3}\$\$((?:[^$\n\\]|\\[^\n]|\$(?!\$)|\n(?![ \t]*\n))+?)\$\$[ \t]*(?:\n|$)/;
const BLOCK_BRACKETS = /^ {0,3}\\\[((?:[^\\\n]|\\[^\]\n]|\n(?![ \t]*\n))+?)\\\][ \t]*(?:\n|$)/;
/** Where a display formula could start a line, so a paragraph stops before it. */
const BLOCK_START = /(?:^|\n) {0,3}(?:\$\$|\\\[)/;

// Sticky: matched at a given index of a paragraph, without slicing it. Every alternative inside a formula
// consumes a fixed piece (a backslash always with the character after it), so a failed match is linear.
const INLINE_DISPLAY_DOLLARS = /\$\$((?:[^$\\]|\\[\s\S]|\$(?!\$))+?)\$\$/y;
const INLINE_DOLLAR = /\$((?:[^$\\]|\\[\s\S])+?)\$/y;
const INLINE_PARENS = /\\\(((?:[^\\]|\\[^)])+?)\\\)/y;
const INLINE_BRACKETS = /\\\[((?:[^\\]|\\[^\]])+?)\\\]/y;
const BLANK_LINE = /\n[ \t]*\n/;
/** After a closing `$`: a digit or letter means it was not one (`$5 and $10`, `$HOME/$USER`). */
const WORD_CHARACTER = /[\p{L}\p{N}]/uy;
/** Longer formulas are shown as source: KaTeX's time grows with them and a model can write any length. */
export const MAX_FORMULA_CHARS = 10_000;

/** The formula starting at `src[at]`, if one is there and complete. */
export function inlineMathAt(src: string, at = 0): MathToken | undefined {
  const first = src.charCodeAt(at);
  if (first === 36 /* $ */) {
    const display = stickyMatch(INLINE_DISPLAY_DOLLARS, src, at);
    if (display) return formula('mathInline', display[0], display[1]!, true);
    if (src.charCodeAt(at + 1) === 36) return undefined;
    const match = stickyMatch(INLINE_DOLLAR, src, at);
    if (!match) return undefined;
    const tex = match[1]!;
    // Pandoc's rule: no space just inside the dollars, and no digit (here: no word character) just after.
    const after = stickyMatch(WORD_CHARACTER, src, at + match[0].length);
    if (/^\s/.test(tex) || /\s$/.test(tex) || after) return undefined;
    return formula('mathInline', match[0], tex, false);
  }
  if (first === 92 /* \ */) {
    const parens = stickyMatch(INLINE_PARENS, src, at);
    if (parens) return formula('mathInline', parens[0], parens[1]!, false);
    const brackets = stickyMatch(INLINE_BRACKETS, src, at);
    if (brackets) return formula('mathInline', brackets[0], brackets[1]!, true);
  }
  return undefined;
}

function stickyMatch(pattern: RegExp, src: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(src);
}

function formula(type: MathToken['type'], raw: string, tex: string, display: boolean): MathToken | undefined {
  if (tex.trim() === '' || BLANK_LINE.test(tex) || tex.length > MAX_FORMULA_CHARS) return undefined;
  return { type, raw, tex: tex.trim(), display };
}

/**
 * Index of the next place in `src` where a formula could start: an unescaped `$`, or `\(` / `\[`. Escapes (`\$`,
 * `\\`) are stepped over whole, so marked still reads them as escapes.
 */
export function nextInlineMathStart(src: string, from = 0): number | undefined {
  const candidates = /[$\\]/g;
  candidates.lastIndex = from;
  for (let match = candidates.exec(src); match; match = candidates.exec(src)) {
    const index = match.index;
    if (src[index] === '$') return index;
    const next = src[index + 1];
    if (next === '(' || next === '[') return index;
    candidates.lastIndex = index + 2; // an escape pair (`\$`, `\\`, `\*`…) or a lone backslash
  }
  return undefined;
}

const blockMath: TokenizerExtension = {
  name: 'mathBlock',
  level: 'block',
  start(src) {
    const match = BLOCK_START.exec(src);
    if (!match) return undefined;
    return match.index + (match[0].startsWith('\n') ? 1 : 0);
  },
  tokenizer(src) {
    const match = BLOCK_DOLLARS.exec(src) ?? BLOCK_BRACKETS.exec(src);
    return match ? formula('mathBlock', match[0], match[1]!, true) : undefined;
  },
};

const inlineMath: TokenizerExtension = {
  name: 'mathInline',
  level: 'inline',
  start: (src) => nextInlineMathStart(src),
  tokenizer: (src) => inlineMathAt(src),
};

/** The marked extensions that read math. */
export const MATH_EXTENSIONS: readonly TokenizerExtension[] = [blockMath, inlineMath];

/**
 * For marked's `emStrongMask` hook: `src` with the inside of each formula replaced by letters (same length), so
 * a `*` or `_` in a formula never pairs with one outside it as emphasis.
 */
export function maskFormulas(src: string): string {
  if (!src.includes('$') && !src.includes('\\')) return src;
  let masked = '';
  let done = 0;
  for (let from = 0; from < src.length;) {
    const at = nextInlineMathStart(src, from);
    if (at === undefined) break;
    const token = inlineMathAt(src, at);
    if (!token) {
      from = at + 1;
      continue;
    }
    masked += src.slice(done, at + 1) + 'a'.repeat(token.raw.length - 2) + src[at + token.raw.length - 1];
    done = from = at + token.raw.length;
  }
  return done === 0 ? src : masked + src.slice(done);
}
