import type { SyncStorage } from '../persistence/recovery';

/**
 * Unsent text, per conversation, in localStorage: written on every edit (synchronous, so it
 * survives a crash), read when the conversation opens, cleared when it is sent. A conversation not
 * saved yet keeps its draft under one key, since its id is new after a reload.
 */
export interface DraftStore {
  read(key: string): string;
  write(key: string, text: string): void;
  /** Whether any conversation has unsent text (an update waits for it). */
  anyPending(): boolean;
}

const PREFIX = 'brook.draft.v1.';
/** The draft key of the new, unsaved conversation. */
export const NEW_CHAT_DRAFT = 'new';

export function createDraftStore(storage: SyncStorage): DraftStore {
  return {
    read(key) {
      try {
        return storage.getItem(PREFIX + key) ?? '';
      } catch {
        return '';
      }
    },
    write(key, text) {
      try {
        if (text) storage.setItem(PREFIX + key, text);
        else storage.removeItem(PREFIX + key);
      } catch {
        // full or unavailable: the text stays in the composer
      }
    },
    anyPending() {
      try {
        for (let i = 0; i < storage.length; i++) if (storage.key(i)?.startsWith(PREFIX)) return true;
      } catch {
        return false;
      }
      return false;
    },
  };
}
