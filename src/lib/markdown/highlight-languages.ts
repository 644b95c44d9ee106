// highlight.js core plus a handful of common languages (~30 KB gzip; all of highlight.js is ~300 KB). Loaded
// on demand by ./highlight.ts, so pages without code never download it.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = {
  bash,
  c,
  cpp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  markdown,
  python,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
};

for (const [name, definition] of Object.entries(LANGUAGES)) {
  hljs.registerLanguage(name, definition);
}
// Each language module brings its own aliases (js, ts, py, sh, zsh, html, yml, md, rs, golang, c++, ...).
hljs.registerAliases(['jsonc', 'json5'], { languageName: 'json' });

/** The languages registered above, by their main names. */
export const languageNames: readonly string[] = Object.keys(LANGUAGES);

/** Whether `highlightCode` knows `language` (a name or an alias). */
export function isHighlightable(language: string): boolean {
  return language !== '' && hljs.getLanguage(language) !== undefined;
}

/**
 * Highlighted HTML for `code` (escaped text and `<span class="hljs-…">`), or null when the language is
 * unknown; unknown languages are not auto-detected (slow, and often wrong on short snippets).
 */
export function highlightCode(code: string, language: string): string | null {
  if (!isHighlightable(language)) return null;
  try {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    return null;
  }
}
