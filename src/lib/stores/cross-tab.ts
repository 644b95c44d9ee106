import type { ConversationRecord, MessageRecord } from '../vocabulary/records';

/**
 * Folding what another tab saved into this tab's view. The stored copy wins unless this tab holds
 * a newer version of the same record, or one whose write has not landed yet (`keepLocal`): then a
 * re-read can neither undo this tab's last change nor hide a message it just added.
 */

interface Versioned {
  id: string;
  updatedAt: number;
}

function merged<T extends Versioned>(
  local: readonly T[],
  stored: readonly T[],
  keepLocal: (id: string) => boolean,
): T[] {
  const byId = new Map(stored.map((record) => [record.id, record]));
  for (const record of local) {
    const other = byId.get(record.id);
    if (other === undefined ? keepLocal(record.id) : record.updatedAt > other.updatedAt)
      byId.set(record.id, record);
  }
  return [...byId.values()];
}

export function mergeMessages(
  local: readonly MessageRecord[],
  stored: readonly MessageRecord[],
  keepLocal: (id: string) => boolean,
): MessageRecord[] {
  return merged(local, stored, keepLocal).sort((a, b) => a.seq - b.seq || a.createdAt - b.createdAt);
}

/** Newest first, like the repository lists them. */
export function mergeConversations(
  local: readonly ConversationRecord[],
  stored: readonly ConversationRecord[],
  keepLocal: (id: string) => boolean,
): ConversationRecord[] {
  return merged(local, stored, keepLocal).sort((a, b) => b.updatedAt - a.updatedAt);
}
