import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { ConversationRecord, MessageRecord } from './records';
import { bySeq, byUpdatedDesc, type ConversationRepo } from './repo';

interface BrookDB extends DBSchema {
  conversations: { key: string; value: ConversationRecord };
  messages: { key: string; value: MessageRecord; indexes: { 'by-conversation': string } };
}

export const DB_NAME = 'brook';
const DB_VERSION = 1;

/** Opens (creating when new) Brook's database. */
export function openBrookDB(name = DB_NAME): Promise<IDBPDatabase<BrookDB>> {
  return openDB<BrookDB>(name, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('conversations', { keyPath: 'id' });
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('by-conversation', 'conversationId');
    },
    // Another tab wants a newer schema: let it, this tab reloads on next use.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
    },
  });
}

type WriteTx = IDBPTransaction<BrookDB, ('conversations' | 'messages')[], 'readwrite'>;

/**
 * Runs the writes in one transaction and aborts it if any fails (even by throwing at once), so
 * none of them lands. Every request is tracked so an abort leaves no unhandled rejection.
 */
async function allOrNothing(
  tx: WriteTx,
  write: (track: (request: Promise<unknown>) => void) => void,
): Promise<void> {
  const pending: Promise<unknown>[] = [tx.done];
  const track = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    pending.push(request);
  };
  tx.done.catch(() => undefined);
  try {
    write(track);
    await Promise.all(pending);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    throw error;
  }
}

/** The IndexedDB-backed repository. */
export async function createIdbRepo(name = DB_NAME): Promise<ConversationRepo> {
  const db = await openBrookDB(name);
  return {
    async listConversations() {
      return (await db.getAll('conversations')).sort(byUpdatedDesc);
    },
    async listMessages(conversationId) {
      return (await db.getAllFromIndex('messages', 'by-conversation', conversationId)).sort(bySeq);
    },
    getMessage(id) {
      return db.get('messages', id);
    },
    async putConversation(conversation) {
      await db.put('conversations', conversation);
    },
    async putMessage(message) {
      await db.put('messages', message);
    },
    async deleteMessages(ids) {
      const tx = db.transaction('messages', 'readwrite');
      await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
    },
    async deleteConversation(id) {
      const tx = db.transaction(['conversations', 'messages'], 'readwrite');
      const messages = tx.objectStore('messages');
      const keys = await messages.index('by-conversation').getAllKeys(id);
      await allOrNothing(tx, (track) => {
        track(tx.objectStore('conversations').delete(id));
        for (const key of keys) track(messages.delete(key));
      });
    },
    async putConversationWithMessages(conversation, list) {
      const tx = db.transaction(['conversations', 'messages'], 'readwrite');
      const messages = tx.objectStore('messages');
      await allOrNothing(tx, (track) => {
        track(tx.objectStore('conversations').put(conversation));
        for (const message of list) track(messages.put(message));
      });
    },
  };
}
