import type { Tokens } from 'marked';

/** Where a growing list can be cut between items for now. */
export interface ListSplit {
  /** Items before the cut. */
  readonly itemCount: number;
  /** Source offset where the first item after the cut starts. */
  readonly end: number;
}

/**
 * The last item boundary of `list` (lexed from `src` at `start`) whose next item has a complete first line: the
 * items before it cannot change. Their rendering can (a later blank line makes the whole list loose), so the
 * cut is provisional: the list is rendered again, whole, once it ends.
 */
export function provisionalListSplit(list: Tokens.List, src: string, start: number): ListSplit | null {
  let split: ListSplit | null = null;
  let offset = start;
  for (let index = 0; index < list.items.length; index++) {
    const item = list.items[index]!;
    if (!src.startsWith(item.raw, offset)) break;
    if (index > 0 && src.indexOf('\n', offset) !== -1) split = { itemCount: index, end: offset };
    offset += item.raw.length;
  }
  return split;
}
