import { fold } from '../search/search-text';

/**
 * Find in the open conversation (Ctrl/Cmd+F): which messages hold the text, from their data, so
 * messages not yet rendered far up a long conversation are found too; and the marks in what is
 * rendered, through the CSS Custom Highlight API (no DOM changes, nothing for Svelte to redo).
 */
export function messagesWith(messages: readonly { id: string; content: string }[], query: string): string[] {
  const q = fold(query.trim());
  if (!q) return [];
  return messages.filter((m) => fold(m.content).includes(q)).map((m) => m.id);
}

const ALL = 'brook-find';
const CURRENT = 'brook-find-current';

/** Marks every occurrence of `query` under `root`; those inside `current` get the stronger mark. */
export function markMatches(root: HTMLElement, query: string, current: HTMLElement | null): void {
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
  clearMarks();
  const q = fold(query.trim());
  if (!q) return;
  const all: Range[] = [];
  const strong: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    const folded = fold(text);
    if (folded.length !== text.length) continue; // folding changed lengths: offsets would be wrong
    for (let at = folded.indexOf(q); at !== -1; at = folded.indexOf(q, at + q.length)) {
      const range = new Range();
      range.setStart(node, at);
      range.setEnd(node, at + q.length);
      (current?.contains(node) ? strong : all).push(range);
    }
  }
  CSS.highlights.set(ALL, new Highlight(...all));
  CSS.highlights.set(CURRENT, new Highlight(...strong));
}

export function clearMarks(): void {
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
  CSS.highlights.delete(ALL);
  CSS.highlights.delete(CURRENT);
}
