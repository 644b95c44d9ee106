import type { MessageRecord } from '../persistence/records';

/** An answer counts as existing once it holds anything a user could read. */
export function hasText(message: MessageRecord): boolean {
  return message.content.length > 0 || !!message.reasoning || (message.toolRounds?.length ?? 0) > 0;
}

/**
 * The messages a conversation shows, from all it stores: an earlier answer is hidden once an
 * answer that replaces it (Regenerate) has text, or is being written in this tab. A replacement
 * that failed or was stopped before any text leaves the earlier answer in view.
 */
export function visibleMessages(
  records: readonly MessageRecord[],
  writing: ReadonlySet<string>,
): MessageRecord[] {
  const hidden = new Set<string>();
  for (const record of records) {
    if (record.replaces && (hasText(record) || writing.has(record.id))) hidden.add(record.replaces);
  }
  return hidden.size === 0 ? [...records] : records.filter((record) => !hidden.has(record.id));
}
