import type { IDBPDatabase } from 'idb';
import type { BrookDB } from './idb-repo';

/**
 * Brook's IndexedDB schema, one step per version. The steps run inside the browser's
 * versionchange transaction: if the page dies half-way the whole upgrade rolls back, the old
 * data stays as it was at the old version, and the next start runs the upgrade again.
 *
 * 1 (first release): conversations; messages with a by-conversation index.
 * 2: tombstones — ids of deleted conversations, so no late write can recreate one. Existing
 *    records are untouched (the new message fields `replyTo` / `replaces` are optional).
 */
export function upgradeBrookDB(db: IDBPDatabase<BrookDB>, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('conversations', { keyPath: 'id' });
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('by-conversation', 'conversationId');
  }
  if (oldVersion < 2) {
    db.createObjectStore('tombstones', { keyPath: 'id' });
  }
}
