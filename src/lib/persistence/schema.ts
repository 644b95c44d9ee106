import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { treeOfFlat } from '../tree/legacy-parents';
import type { BrookDB } from './idb-repo';

export type UpgradeTx = IDBPTransaction<BrookDB, StoreNames<BrookDB>[], 'versionchange'>;

/**
 * Brook's IndexedDB schema, one step per version. The steps run inside the browser's
 * versionchange transaction: if the page dies half-way the whole upgrade rolls back, the old
 * data stays as it was at the old version, and the next start runs the upgrade again.
 *
 * 1 (first release): conversations; messages with a by-conversation index.
 * 2: tombstones — ids of deleted conversations, so no late write can recreate one. Existing
 *    records are untouched (the new message fields `replyTo` / `replaces` are optional).
 * 3: the conversation tree — every message gets its `parentId`, so the flat list becomes the
 *    path it showed and earlier answer attempts become versions beside it (tree/legacy-parents).
 * 4: attachments — a store of attached files' bytes (Blobs) with a by-conversation index.
 *    Existing records are untouched (a message's `attachments` list is optional).
 *
 * Resolves when every step's writes are queued; a step that fails aborts the whole upgrade.
 */
export async function upgradeBrookDB(
  db: IDBPDatabase<BrookDB>,
  oldVersion: number,
  tx: UpgradeTx,
): Promise<void> {
  if (oldVersion < 1) {
    db.createObjectStore('conversations', { keyPath: 'id' });
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('by-conversation', 'conversationId');
  }
  if (oldVersion < 2) {
    db.createObjectStore('tombstones', { keyPath: 'id' });
  }
  if (oldVersion < 4) {
    const attachments = db.createObjectStore('attachments', { keyPath: 'id' });
    attachments.createIndex('by-conversation', 'conversationId');
  }
  if (oldVersion >= 1 && oldVersion < 3) {
    await flatToTree(tx);
  }
}

/** Schema 3's step: each conversation's messages get parents (only records that change are written). */
async function flatToTree(tx: UpgradeTx): Promise<void> {
  const conversations = tx.objectStore('conversations');
  const messages = tx.objectStore('messages');
  const writes: Promise<unknown>[] = [];
  // Each write is awaited at the end; one that fails aborts the upgrade, so none is unhandled.
  const write = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    writes.push(request);
  };
  for (const conversation of await conversations.getAll()) {
    const stored = await messages.index('by-conversation').getAll(conversation.id);
    const { messages: tree, branch } = treeOfFlat(stored);
    tree.forEach((message, i) => {
      if (message !== stored[i]) write(messages.put(message));
    });
    if (branch) write(conversations.put({ ...conversation, branch }));
  }
  await Promise.all(writes);
}
