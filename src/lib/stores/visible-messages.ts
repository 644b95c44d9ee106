import type { MessageRecord } from '../vocabulary/records';

/** An answer counts as existing once it holds anything a user could read. */
export function hasText(message: MessageRecord): boolean {
  return message.content.length > 0 || !!message.reasoning || (message.toolRounds?.length ?? 0) > 0;
}

/**
 * The messages a conversation shows, from all it stores. The answers to one question (the same
 * `replyTo`) are attempts: the newest one with text, or being written in this tab, is shown; the
 * earlier ones stay in storage as versions. When the newest attempt failed or was stopped before
 * any text, it is shown too, after the answer it did not replace, so its error can be read.
 * Answers saved before answers knew their question (no `replyTo`) are all shown, as before.
 */
export function visibleMessages(
  records: readonly MessageRecord[],
  writing: ReadonlySet<string>,
): MessageRecord[] {
  const attempts = new Map<string, MessageRecord[]>();
  for (const record of records) {
    if (record.role !== 'assistant' || !record.replyTo) continue;
    const list = attempts.get(record.replyTo);
    if (list) list.push(record);
    else attempts.set(record.replyTo, [record]);
  }
  const shown = new Set<string>();
  for (const list of attempts.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt);
    const current = list.findLast((m) => hasText(m) || writing.has(m.id));
    const latest = list.at(-1)!;
    if (current) shown.add(current.id);
    if (latest !== current) shown.add(latest.id); // an empty failed or stopped attempt: its note
  }
  return records.filter((m) => m.role !== 'assistant' || !m.replyTo || shown.has(m.id));
}
