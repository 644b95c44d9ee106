import { createSanitizer } from './sanitizer';
import type { Sanitizer } from './types';

let shared: Sanitizer | null = null;

/** The sanitizer for the page's own window, created on first use. Throws where there is no DOM (Node, workers). */
export function defaultSanitizer(): Sanitizer {
  if (shared) return shared;
  if (typeof window === 'undefined' || typeof window.document === 'undefined') {
    throw new Error('No DOM here: pass a sanitizer, e.g. createSanitizer(jsdomWindow)');
  }
  shared = createSanitizer(window);
  return shared;
}
