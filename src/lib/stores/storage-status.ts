import { writable, type Readable } from 'svelte/store';
import { describeStorageError } from '../persistence/storage-errors';

/** The latest saving problem, shown as a banner until dismissed or a later save succeeds. */
export interface StorageStatus extends Readable<string | null> {
  failed(error: unknown): void;
  /** Set when IndexedDB could not be opened at all and Brook keeps data in memory only. */
  unavailable(message: string): void;
  dismiss(): void;
}

export function createStorageStatus(): StorageStatus {
  const state = writable<string | null>(null);
  return {
    subscribe: state.subscribe,
    failed(error) {
      state.set(describeStorageError(error));
    },
    unavailable(message) {
      state.set(message);
    },
    dismiss() {
      state.set(null);
    },
  };
}
