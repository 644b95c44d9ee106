import type { MessageRecord } from '../vocabulary/records';

/**
 * IndexedDB writes started in `pagehide` may not finish before the tab goes away; a
 * localStorage write is synchronous and does. On the next start each copy is merged back through
 * the guarded write path, so a copy whose conversation was deleted meanwhile is dropped.
 *
 * One key per answer: several answers can stream at once, in several tabs, and one tab's answer
 * ending must not clear another's copy.
 */
const PREFIX = 'brook.recovery.v2.';
/** The single key of the first release (one answer at a time); still read on start. */
export const LEGACY_RECOVERY_KEY = 'brook.recovery.v1';

/** The synchronous part of a Storage (localStorage), so tests can pass a Map-backed one. */
export type SyncStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export function recoveryKey(messageId: string): string {
  return PREFIX + messageId;
}

export function writeRecoverySnapshot(storage: SyncStorage, message: MessageRecord): boolean {
  try {
    storage.setItem(recoveryKey(message.id), JSON.stringify(message));
    return true;
  } catch {
    return false; // full or unavailable: the throttled IndexedDB copy is what remains
  }
}

export function clearRecoverySnapshot(storage: SyncStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to clear
  }
}

export interface RecoverySnapshot {
  key: string;
  message: MessageRecord;
}

/** Every snapshot there (torn or foreign values are skipped and left alone). */
export function readRecoverySnapshots(storage: SyncStorage): RecoverySnapshot[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && (key.startsWith(PREFIX) || key === LEGACY_RECOVERY_KEY)) keys.push(key);
    }
  } catch {
    return [];
  }
  const found: RecoverySnapshot[] = [];
  for (const key of keys) {
    const message = readSnapshot(storage, key);
    if (message) found.push({ key, message });
  }
  return found;
}

function readSnapshot(storage: SyncStorage, key: string): MessageRecord | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
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
