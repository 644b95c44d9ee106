import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import type { AttachmentRecord } from '../vocabulary/attachments';
import { bySeq, byUpdatedDesc, type ConversationRepo, type WriteResult } from './repo';
import { upgradeBrookDB } from './schema';

export interface BrookDB extends DBSchema {
  conversations: { key: string; value: ConversationRecord };
  messages: { key: string; value: MessageRecord; indexes: { 'by-conversation': string } };
  /** Ids of deleted conversations (since schema 2): no write may bring one back. */
  tombstones: { key: string; value: { id: string; deletedAt: number } };
  /** Attached files' bytes (since schema 4), referenced from messages' `attachments`. */
  attachments: { key: string; value: AttachmentRecord; indexes: { 'by-conversation': string } };
}

export const DB_NAME = 'brook';
export const DB_VERSION = 4;

export interface OpenEvents {
  /**
   * A newer Brook (another tab, after an update) wants to upgrade the database. This tab's
   * connection is closed at once, so the other tab is never stuck; this tab must reload.
   */
  onNewerVersion?(): void;
  /** This tab's upgrade waits for an older tab to close its connection. */
  onBlocked?(): void;
}

/** Opens Brook's database, creating or migrating it (schema.ts) in one versionchange transaction. */
export function openBrookDB(name = DB_NAME, events: OpenEvents = {}): Promise<IDBPDatabase<BrookDB>> {
  return openDB<BrookDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // A step that fails rolls the whole upgrade back: the old data stays as it was, and
      // opening fails (the caller falls back to memory and says so).
      tx.done.catch(() => undefined);
      upgradeBrookDB(db, oldVersion, tx).catch(() => {
        try {
          tx.abort();
        } catch {
          // already aborted
        }
      });
    },
    blocked() {
      events.onBlocked?.();
    },
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
      events.onNewerVersion?.();
    },
  });
}

type Stores = ('conversations' | 'messages' | 'tombstones' | 'attachments')[];
type WriteTx = IDBPTransaction<BrookDB, Stores, 'readwrite'>;

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

/** The IndexedDB-backed repository: every write checks its conversation in its own transaction. */
export async function createIdbRepo(name = DB_NAME, events: OpenEvents = {}): Promise<ConversationRepo> {
  const db = await openBrookDB(name, events);
  const ALL: Stores = ['conversations', 'messages', 'tombstones', 'attachments'];

  /** Writes only when `allowed` (read in the same transaction) holds; nothing lands otherwise. */
  async function guarded(
    allowed: (tx: WriteTx) => Promise<boolean>,
    write: (tx: WriteTx, track: (request: Promise<unknown>) => void) => void,
  ): Promise<WriteResult> {
    const tx = db.transaction(ALL, 'readwrite');
    let ok = false;
    try {
      ok = await allowed(tx);
    } catch (error) {
      tx.done.catch(() => undefined);
      throw error;
    }
    if (!ok) {
      await tx.done;
      return 'conversation-gone';
    }
    await allOrNothing(tx, (track) => write(tx, track));
    return 'saved';
  }

  const exists = async (tx: WriteTx, id: string) =>
    (await tx.objectStore('conversations').getKey(id)) !== undefined;
  const notDeleted = async (tx: WriteTx, id: string) =>
    (await tx.objectStore('tombstones').getKey(id)) === undefined;

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
    listAttachments(conversationId) {
      return db.getAllFromIndex('attachments', 'by-conversation', conversationId);
    },
    getAttachment(id) {
      return db.get('attachments', id);
    },
    createConversation(conversation) {
      return guarded(
        (tx) => notDeleted(tx, conversation.id),
        (tx, track) => track(tx.objectStore('conversations').put(conversation)),
      );
    },
    updateConversation(conversation) {
      return guarded(
        (tx) => exists(tx, conversation.id),
        (tx, track) => track(tx.objectStore('conversations').put(conversation)),
      );
    },
    putMessage(message, attachments = []) {
      return guarded(
        (tx) => exists(tx, message.conversationId),
        (tx, track) => {
          for (const attachment of attachments) track(tx.objectStore('attachments').put(attachment));
          track(tx.objectStore('messages').put(message));
        },
      );
    },
    async deleteMessages(ids) {
      const tx = db.transaction(['messages', 'attachments'], 'readwrite');
      tx.done.catch(() => undefined);
      try {
        const messages = tx.objectStore('messages');
        const owners = new Set<string>();
        for (const id of ids) {
          const message = await messages.get(id);
          if (message) owners.add(message.conversationId);
          await messages.delete(id);
        }
        // Versions of a question share its files: only those no message left refers to go.
        const files = tx.objectStore('attachments');
        const freed: AttachmentRecord[] = [];
        for (const conversationId of owners) {
          const left = await messages.index('by-conversation').getAll(conversationId);
          const kept = new Set(left.flatMap((m) => (m.attachments ?? []).map((ref) => ref.id)));
          for (const key of await files.index('by-conversation').getAllKeys(conversationId)) {
            if (kept.has(key)) continue;
            const file = await files.get(key);
            if (file) freed.push(file);
            await files.delete(key);
          }
        }
        await tx.done;
        return freed;
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // already finished or aborted
        }
        throw error;
      }
    },
    async deleteConversation(id) {
      const tx = db.transaction(ALL, 'readwrite');
      const messages = tx.objectStore('messages');
      const keys = await messages.index('by-conversation').getAllKeys(id);
      const files = await tx.objectStore('attachments').index('by-conversation').getAllKeys(id);
      await allOrNothing(tx, (track) => {
        track(tx.objectStore('tombstones').put({ id, deletedAt: Date.now() }));
        track(tx.objectStore('conversations').delete(id));
        for (const key of keys) track(messages.delete(key));
        for (const key of files) track(tx.objectStore('attachments').delete(key));
      });
    },
    putConversationWithMessages(conversation, list, attachments = []) {
      return guarded(
        (tx) => notDeleted(tx, conversation.id),
        (tx, track) => {
          track(tx.objectStore('conversations').put(conversation));
          for (const message of list) track(tx.objectStore('messages').put(message));
          for (const attachment of attachments) track(tx.objectStore('attachments').put(attachment));
        },
      );
    },
  };
}
