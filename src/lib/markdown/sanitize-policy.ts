import type { Config } from 'dompurify';

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
];

/**
 * DOMPurify settings: an allowlist of tags and attributes (no `style`, no `on*`, no `id`/`name`, no `data-*`,
 * no `aria-*`), links only to http(s) and mailto. The forbid lists repeat what the allowlist already excludes, so
 * widening the allowlist by mistake cannot let these through.
 */
export const SANITIZE_CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align'],
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
    'svg',
    'math',
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

/** Runs after DOMPurify has checked an element's attributes: final link policy and class filter. */
export function enforceElementPolicy(element: Element): void {
  const classes = element.getAttribute('class');
  if (classes !== null) {
    const kept = classes.split(/\s+/).filter((name) => SAFE_CLASS.test(name));
    if (kept.length > 0) element.setAttribute('class', kept.join(' '));
    else element.removeAttribute('class');
  }
  if (element.nodeName === 'A') {
    const href = element.getAttribute('href');
    if (href !== null && !isSafeHref(href)) element.removeAttribute('href');
    element.setAttribute('target', '_blank');
    element.setAttribute('rel', 'noopener noreferrer nofollow');
  }
}
