import type { Config } from 'dompurify';

/**
 * KaTeX's output: MathML (what screen readers read, and the source for copying) and the few SVG shapes of its
 * HTML rendering. Allowed only inside a KaTeX element (see `isMathMarkup`); nothing else makes them (raw HTML from
 * the model is escaped).
 */
export const MATH_TAGS = new Set([
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'mspace',
  'msup',
  'msub',
  'msubsup',
  'mfrac',
  'msqrt',
  'mroot',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
  'merror',
  'mover',
  'munder',
  'munderover',
  'mtable',
  'mtr',
  'mtd',
  'mlabeledtr',
  'svg',
  'path',
  'line',
]);

const MATH_ATTRIBUTES = [
  'xmlns',
  'display',
  'encoding',
  'mathvariant',
  'mathcolor',
  'mathbackground',
  'mathsize',
  'accent',
  'accentunder',
  'stretchy',
  'fence',
  'separator',
  'largeop',
  'movablelimits',
  'symmetric',
  'minsize',
  'maxsize',
  'lspace',
  'rspace',
  'linethickness',
  'scriptlevel',
  'displaystyle',
  'rowspacing',
  'rowalign',
  'rowlines',
  'columnspacing',
  'columnalign',
  'columnlines',
  'frame',
  'framespacing',
  'notation',
  'width',
  'height',
  'depth',
  'voffset',
  'aria-hidden',
  // SVG (DOMPurify compares lower-cased names)
  'viewbox',
  'preserveaspectratio',
  'd',
  'x1',
  'x2',
  'y1',
  'y2',
  'stroke-width',
];

/** Only what Brook's renderer emits; raw HTML from the model is escaped before it gets here. */
const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  ...MATH_TAGS,
];

/** Allowed only on KaTeX's elements (see `enforceElementPolicy`). */
const MATH_ONLY_ATTRIBUTES = new Set(MATH_ATTRIBUTES.filter((name) => name !== 'xmlns'));

/**
 * DOMPurify settings: an allowlist of tags and attributes (no `style`, no `on*`, no `id`/`name`, no `data-*`,
 * no `aria-*`), links only to http(s) and mailto. The forbid lists repeat what the allowlist already excludes, so
 * widening the allowlist by mistake cannot let these through.
 */
export const SANITIZE_CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align', ...MATH_ATTRIBUTES],
  // DOMPurify tests every allowed attribute that is not "URI-safe" (e.g. `start`, `align`) with this pattern, so
  // it must accept plain values; the strict http(s)/mailto rule for links is `isSafeHref`, in the hook.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  FORBID_TAGS: [
    'script',
    'style',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'link',
    'meta',
    'base',
    'img',
    'picture',
    'source',
    'video',
    'audio',
    'template',
  ],
  FORBID_ATTR: [
    'style',
    'src',
    'srcset',
    'background',
    'poster',
    'formaction',
    'action',
    'xlink:href',
    'href:xlink',
    'ping',
  ],
  RETURN_DOM_FRAGMENT: true,
};

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Whether a link target is an absolute http(s) or mailto URL (relative, javascript:, data: ... are not). */
export function isSafeHref(href: string): boolean {
  try {
    return SAFE_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** Classes our renderer and highlight.js use; anything else could borrow the app's own CSS. */
const SAFE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|md-[\w-]+|[a-z]+_)$/;
/** KaTeX's classes (`mord`, `vlist-t2`, `reset-size6`…), all styled under `.katex` by its stylesheet. */
const MATH_CLASS = /^[a-z][a-z0-9-]*$/;
/** The app's global classes (src/app.css), which a formula's classes must not borrow. */
const APP_CLASSES = new Set(['btn', 'field', 'icon-btn', 'input', 'modal', 'prose', 'select', 'textarea']);

/** Whether `element` is KaTeX's (a `.katex`, `.katex-display` or `.katex-error` element, or inside one). */
export function isMathMarkup(element: Element): boolean {
  // A walk up the class lists: a selector engine per element costs far more (jsdom's most of all).
  for (let at: Element | null = element; at !== null; at = at.parentElement) {
    const classes = at.classList;
    if (classes.contains('katex') || classes.contains('katex-display') || classes.contains('katex-error'))
      return true;
  }
  return false;
}

/**
 * Runs after DOMPurify has checked an element's attributes: final link policy and class filter. `inMath` says
 * whether the element is KaTeX's (`isMathMarkup`); `extraClass` (a formula's style as a class, see
 * `StyleClasses`) is added after the filter.
 */
export function enforceElementPolicy(
  element: Element,
  inMath: boolean,
  extraClass: string | null = null,
): void {
  const classes = element.getAttribute('class');
  if (classes !== null) {
    const kept = classes
      .split(/\s+/)
      .filter((name) => SAFE_CLASS.test(name) || (inMath && MATH_CLASS.test(name) && !APP_CLASSES.has(name)));
    if (kept.length > 0) element.setAttribute('class', kept.join(' '));
    else element.removeAttribute('class');
  }
  if (!inMath) {
    for (const { name } of Array.from(element.attributes)) {
      if (MATH_ONLY_ATTRIBUTES.has(name.toLowerCase())) element.removeAttribute(name);
    }
  }
  if (extraClass !== null) element.classList.add(extraClass);
  if (element.nodeName !== 'A') element.removeAttribute('href');
  if (element.nodeName === 'A') {
    const href = element.getAttribute('href');
    if (href !== null && !isSafeHref(href)) element.removeAttribute('href');
    element.setAttribute('target', '_blank');
    element.setAttribute('rel', 'noopener noreferrer nofollow');
  }
}
