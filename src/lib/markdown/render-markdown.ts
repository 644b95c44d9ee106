import { defaultSanitizer } from './default-sanitizer';
import { renderTokens } from './html-renderer';
import { emptyLinks, lexMarkdown } from './lex';
import type { Sanitizer } from './types';

/** Options for `renderMarkdown`. */
export interface RenderMarkdownOptions {
  /** Defaults to the sanitizer of the page's window. */
  sanitizer?: Sanitizer;
}

/**
 * Renders a finished message in one go: parsed, highlighted and sanitized HTML, safe for `{@html}`. Code is
 * highlighted only once highlight.js has loaded (on demand; the first code block starts it): `await
 * loadHighlighter()` first when the result must be highlighted. `IncrementalMarkdown` re-renders by itself.
 */
export function renderMarkdown(text: string, options: RenderMarkdownOptions = {}): string {
  const sanitizer = options.sanitizer ?? defaultSanitizer();
  const source = text.replace(/\r\n?/g, '\n');
  return sanitizer.sanitize(renderTokens(lexMarkdown(source, emptyLinks()), { highlight: true }));
}
