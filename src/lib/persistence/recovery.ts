import type { MessageRecord } from './records';

/** Where the last words of a streaming answer go when the page is being closed. */
export const RECOVERY_KEY = 'brook.recovery.v1';

/** The synchronous part of a Storage (localStorage), so tests can pass a Map-backed one. */
export type SyncStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * IndexedDB writes started in `pagehide` may not finish before the tab goes away; a
 * localStorage write is synchronous and does. On the next start the snapshot is merged back.
 */
export function writeRecoverySnapshot(storage: SyncStorage, message: MessageRecord): boolean {
  try {
    storage.setItem(RECOVERY_KEY, JSON.stringify(message));
    return true;
  } catch {
    return false; // full or unavailable: the throttled IndexedDB copy is what remains
  }
}

export function clearRecoverySnapshot(storage: SyncStorage): void {
  try {
    storage.removeItem(RECOVERY_KEY);
  } catch {
    // nothing to clear
  }
}

/** The snapshot, if one is there and has the shape of a message. */
export function readRecoverySnapshot(storage: SyncStorage): MessageRecord | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(RECOVERY_KEY);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<MessageRecord> | null;
    if (
      value &&
      typeof value.id === 'string' &&
      typeof value.conversationId === 'string' &&
      typeof value.content === 'string' &&
      value.role === 'assistant'
    ) {
      return value as MessageRecord;
    }
  } catch {
    // a torn or foreign value: ignore it
  }
  return undefined;
}

/** The stored copy, or the snapshot when the snapshot holds more text (written later). */
export function mergeRecovered(stored: MessageRecord | undefined, snapshot: MessageRecord): MessageRecord {
  if (!stored) return { ...snapshot, status: 'interrupted' };
  if (stored.status !== 'streaming' && stored.status !== 'interrupted') return stored;
  const longer = snapshot.content.length >= stored.content.length ? snapshot : stored;
  return { ...stored, content: longer.content, reasoning: longer.reasoning, status: 'interrupted' };
}
