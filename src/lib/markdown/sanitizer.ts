import DOMPurify, { type WindowLike } from 'dompurify';
import { addCodeChrome } from './code-chrome';
import { fillFormulaSlots, splitFormulas } from './formula-marks';
import { FORMULA_STYLE_ATTRIBUTE, StyleClasses } from './math-styles';
import { RecentCache } from './recent-cache';
import { MATH_TAGS, SANITIZE_CONFIG, enforceElementPolicy, isMathMarkup } from './sanitize-policy';
import type { Sanitizer } from './types';

/** A window DOMPurify can work in: the browser's `window`, or a jsdom window in Node tests. */
export type SanitizerWindow = WindowLike & { document: Document };

/**
 * Creates the sanitizer for model output in `window` (the browser's by default; tests pass a jsdom window).
 * The returned HTML holds only allowlisted tags and attributes, links to http(s)/mailto with
 * `target="_blank" rel="noopener noreferrer nofollow"`, nothing that loads a resource, and our code-block frames.
 */
export function createSanitizer(window: SanitizerWindow): Sanitizer {
  const purify = DOMPurify(window);
  if (!purify.isSupported) throw new Error('DOMPurify cannot run in this window: markdown would be unsafe');
  // Code blocks are collected while sanitizing: cheaper than querying the result again.
  let codeBlocks: Element[] = [];
  const styleClasses = new StyleClasses(window.document);
  // A formula's inline styles, as classes (see StyleClasses); DOMPurify then drops the attribute itself.
  const styleClassOf = new WeakMap<Element, string>();
  // Only HTML that mentions KaTeX's classes can hold a formula: the walk up to a KaTeX element (per element, on
  // every streaming update) is skipped for the rest.
  let mayHoldMath = false;
  const inMath = (element: Element): boolean => mayHoldMath && isMathMarkup(element);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName !== FORMULA_STYLE_ATTRIBUTE || !inMath(node)) return;
    const name = styleClasses.classFor(data.attrValue);
    if (name !== null) styleClassOf.set(node, name);
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeType !== 1) return;
    const element = node as Element;
    enforceElementPolicy(element, inMath(element), styleClassOf.get(element) ?? null);
  });
  purify.addHook('afterSanitizeElements', (node) => {
    if (node.nodeName === 'PRE') codeBlocks.push(node as Element);
    // MathML and SVG only as KaTeX wrote them, inside its element.
    if (node.nodeType === 1 && MATH_TAGS.has(node.nodeName.toLowerCase()) && !inMath(node as Element)) {
      (node as Element).remove();
    }
  });
  const sanitizeWhole = (html: string): string => {
    if (html === '') return '';
    if (isInertFormatting(html)) return asSerialized(html);
    mayHoldMath = html.includes('katex');
    codeBlocks = [];
    const fragment = purify.sanitize(html, SANITIZE_CONFIG);
    addCodeChrome(codeBlocks);
    codeBlocks = [];
    const holder = fragment.ownerDocument.createElement('div');
    holder.append(fragment);
    return holder.innerHTML;
  };
  // Sanitized formulas by their markup: a formula is sanitized once, however often the tail renders it again.
  // Sanitizing it alone gives what it would give in place: its policy looks no further up than its KaTeX root.
  const formulas = new RecentCache<string, string>(FORMULA_CACHE_ENTRIES);
  return {
    sanitize(html: string): string {
      const { around, formulas: markups } = splitFormulas(html);
      const clean = sanitizeWhole(around);
      if (markups.length === 0) return clean;
      return fillFormulaSlots(clean, (index) => formulas.get(markups[index] ?? '', sanitizeWhole));
    },
  };
}

const FORMULA_CACHE_ENTRIES = 1000;

/**
 * HTML made only of formatting tags without attributes and escaped text: nothing in it can run, load or
 * link, so there is nothing for DOMPurify to remove (most streaming updates of prose are like this, and
 * DOMPurify's fresh document per call is most of their cost). No U+00A0, NUL or CR, which parsing and serializing change.
 */
const INERT_FORMATTING =
  /^(?:[^<&\u00a0\0\r]|&(?:amp|lt|gt|quot|#39);|<\/?(?:p|em|strong|code|del|h[1-6]|ul|ol|li|blockquote)>|<(?:br|hr)>)*$/;

function isInertFormatting(html: string): boolean {
  return INERT_FORMATTING.test(html);
}

/** `html` as DOMPurify would give it back: the browser serializes quotes in text unescaped. */
function asSerialized(html: string): string {
  return html.replaceAll('&quot;', '"').replaceAll('&#39;', "'");
}
