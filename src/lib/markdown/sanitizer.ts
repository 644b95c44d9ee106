import DOMPurify, { type WindowLike } from 'dompurify';
import { addCodeChrome } from './code-chrome';
import { SANITIZE_CONFIG, enforceElementPolicy } from './sanitize-policy';
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
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeType === 1) enforceElementPolicy(node as Element);
  });
  purify.addHook('afterSanitizeElements', (node) => {
    if (node.nodeName === 'PRE') codeBlocks.push(node as Element);
  });
  return {
    sanitize(html: string): string {
      if (html === '') return '';
      codeBlocks = [];
      const fragment = purify.sanitize(html, SANITIZE_CONFIG);
      addCodeChrome(codeBlocks);
      codeBlocks = [];
      const holder = fragment.ownerDocument.createElement('div');
      holder.append(fragment);
      return holder.innerHTML;
    },
  };
}
