/**
 * API keys, one per server, kept apart from the settings blob and only where the user chose:
 * this browser (localStorage), this tab (sessionStorage) or nowhere (memory only).
 */
import type { SyncStorage } from '../persistence/recovery';
import type { ServerId } from '../servers/server';

export const API_KEY_PREFIX = 'brook.apiKey.v2.';

export function apiKeyKey(server: ServerId): string {
  return API_KEY_PREFIX + server;
}

export function readStored(storage: SyncStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/** False when the storage refused (full or blocked). */
export function writeStored(storage: SyncStorage, key: string, value: string): boolean {
  try {
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function removeStored(storage: SyncStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to remove, or storage blocked: the next start tries again
  }
}
