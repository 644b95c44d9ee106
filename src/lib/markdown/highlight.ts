import { lazyModule } from './lazy-module';

/** What the lazily loaded highlight module provides. */
interface Highlighter {
  highlightCode(code: string, language: string): string | null;
  isHighlightable(language: string): boolean;
  languageNames: readonly string[];
}

const highlighter = lazyModule<Highlighter>(
  () => import('./highlight-languages'),
  'could not load the code highlighter; code stays plain',
);

/**
 * Loads highlight.js and its languages (a separate chunk) once; later calls return the same promise. The
 * renderer starts this itself when it meets the first fenced code block with a language.
 */
export const loadHighlighter = highlighter.load;

/** The languages the highlighter knows by their main names (empty until it has loaded). */
export function highlighterLanguages(): readonly string[] {
  return highlighter.get()?.languageNames ?? [];
}

export function isHighlighterLoaded(): boolean {
  return highlighter.get() !== null;
}

/** Calls `listener` once the highlighter has loaded (at once if it has). Returns an unsubscribe function. */
export const onHighlighterLoaded = highlighter.onLoaded;

/** Highlighted HTML for `code`, or null when the language is unknown or the highlighter is not loaded yet. */
export function highlightCode(code: string, language: string): string | null {
  return highlighter.get()?.highlightCode(code, language) ?? null;
}

/** Whether `language` can be highlighted (false until the highlighter has loaded). */
export function isHighlightable(language: string): boolean {
  return highlighter.get()?.isHighlightable(language) ?? false;
}
