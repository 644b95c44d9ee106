/** What the lazily loaded highlight module provides. */
interface Highlighter {
  highlightCode(code: string, language: string): string | null;
  isHighlightable(language: string): boolean;
  languageNames: readonly string[];
}

let highlighter: Highlighter | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/**
 * Loads highlight.js and its languages (a separate chunk) once; later calls return the same promise. The
 * renderer starts this itself when it meets the first fenced code block with a language.
 */
export function loadHighlighter(): Promise<void> {
  loading ??= import('./highlight-languages').then(
    (module) => {
      highlighter = module;
      for (const listener of listeners) listener();
      listeners.clear();
    },
    (error: unknown) => {
      loading = null; // let a later code block try again (e.g. after going back online)
      console.warn('markdown: could not load the code highlighter; code stays plain', error);
    },
  );
  return loading;
}

/** The languages the highlighter knows by their main names (empty until it has loaded). */
export function highlighterLanguages(): readonly string[] {
  return highlighter?.languageNames ?? [];
}

export function isHighlighterLoaded(): boolean {
  return highlighter !== null;
}

/** Calls `listener` once the highlighter has loaded (at once if it has). Returns an unsubscribe function. */
export function onHighlighterLoaded(listener: () => void): () => void {
  if (highlighter) {
    listener();
    return () => {};
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Highlighted HTML for `code`, or null when the language is unknown or the highlighter is not loaded yet. */
export function highlightCode(code: string, language: string): string | null {
  return highlighter?.highlightCode(code, language) ?? null;
}

/** Whether `language` can be highlighted (false until the highlighter has loaded). */
export function isHighlightable(language: string): boolean {
  return highlighter?.isHighlightable(language) ?? false;
}
