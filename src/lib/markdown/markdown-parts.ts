import type { Token, Tokens } from 'marked';
import { renderTokens } from './html-renderer';

/** A long list that is still growing: its finished items are shown as provisional parts. */
export interface PendingList {
  /** Source of the items cut off so far (and any blank lines before the list). */
  raw: string;
  /** Number of the next item when the list is ordered. */
  nextNumber: number;
}

/** Renders the first `itemCount` items of `list` as one part of a list still being written. */
export function renderListPart(list: Tokens.List, itemCount: number, pending: PendingList): string {
  const part: Tokens.List = {
    ...list,
    items: list.items.slice(0, itemCount),
    start: listStart(list, pending),
  };
  return markListPart(renderTokens([part], { highlight: true }));
}

/** Renders the open tail; when a list is pending, the tail starts with its continuation. */
export function renderTail(tokens: Token[], head: Token | undefined, pending: PendingList | null): string {
  if (pending === null || !isList(head)) return renderTokens(tokens, { highlight: false });
  head.start = listStart(head, pending);
  return markListPart(renderTokens(tokens, { highlight: false }));
}

function listStart(list: Tokens.List, pending: PendingList): number | '' {
  return list.ordered ? pending.nextNumber : '';
}

/** Parts of one list are separate elements; this class lets CSS join them seamlessly. */
function markListPart(html: string): string {
  return html.replace(/^(\s*<(?:ol|ul))\b/, '$1 class="md-list-part"');
}

/** Narrows a token to a list (marked's Token union also holds a generic token with any `type`). */
export function isList(token: Token | undefined): token is Tokens.List {
  return token?.type === 'list';
}

/** Index of the first token that is not blank space, or -1. */
export function firstContentIndex(tokens: readonly Token[]): number {
  return tokens.findIndex((token) => token.type !== 'space');
}

/** Source offset of token `index` (sum of the raw text before it). */
export function offsetOf(tokens: readonly Token[], index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += tokens[i]!.raw.length;
  return offset;
}
