/** One finished piece of a rendered answer: sanitized HTML that never changes while its `key` stays the same. */
export interface MarkdownBlock {
  /** Unique for this renderer; a block whose HTML changes gets a new key. Use it as the `{#each}` key. */
  readonly key: string;
  /** Sanitized HTML, safe for `{@html}`. */
  readonly html: string;
}

/** What a streaming answer looks like right now: finished blocks plus the still-growing tail. */
export interface RenderedMarkdown {
  /** Finished blocks in document order; parsed, sanitized and highlighted once. */
  readonly blocks: readonly MarkdownBlock[];
  /** Sanitized HTML of the unfinished tail (code in it is not highlighted yet). Empty when nothing is open. */
  readonly tailHtml: string;
  /** More work waits (text over the update's budget, or code to highlight): call `update` again. */
  readonly pending: boolean;
  /** Text received and not rendered yet (plain), for a view that shows it meanwhile. */
  readonly pendingText: string;
}

/** Turns renderer HTML into HTML that is safe to insert; see `createSanitizer`. */
export interface Sanitizer {
  sanitize(html: string): string;
}
