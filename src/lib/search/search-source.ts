import type { IDBPDatabase } from 'idb';
import type { BrookDB } from '../persistence/idb-repo';
import type { ConversationRecord, MessageRecord } from '../vocabulary/records';

/** What the search worker reads: every conversation, every message in pages, one conversation again. */
export interface SearchSource {
  conversations(): Promise<ConversationRecord[]>;
  /** Messages after `afterId` in key order, at most `count`. */
  messagePage(afterId: string | undefined, count: number): Promise<MessageRecord[]>;
  conversation(id: string): Promise<{ record: ConversationRecord | undefined; messages: MessageRecord[] }>;
}

export async function idbSearchSource(opening: Promise<IDBPDatabase<BrookDB>>): Promise<SearchSource> {
  const db = await opening;
  return {
    conversations: () => db.getAll('conversations'),
    messagePage: (afterId, count) =>
      db.getAll('messages', afterId === undefined ? undefined : IDBKeyRange.lowerBound(afterId, true), count),
    async conversation(id) {
      const tx = db.transaction(['conversations', 'messages']);
      const [record, messages] = await Promise.all([
        tx.objectStore('conversations').get(id),
        tx.objectStore('messages').index('by-conversation').getAll(id),
        tx.done,
      ]);
      return { record, messages };
    },
  };
}
