import { createIdbRepo } from '../lib/persistence/idb-repo';
import { createMemoryRepo } from '../lib/persistence/memory-repo';
import type { ConversationRepo } from '../lib/persistence/repo';
import { createBrook, type Brook } from '../lib/stores/brook';
import { createStorageStatus } from '../lib/stores/storage-status';
import { ChatClient } from '../lib/workers/chat-client';

/** The app's stores with the real parts: the chat worker, IndexedDB and localStorage. */
export async function createBrowserBrook(): Promise<Brook> {
  const storage = createStorageStatus();
  let repo: ConversationRepo;
  try {
    repo = await createIdbRepo();
  } catch (error) {
    console.warn('Brook: IndexedDB unavailable, keeping conversations in memory', error);
    repo = createMemoryRepo();
    storage.unavailable(
      'Brook cannot open its database in this browser (private mode?), so conversations last only until this tab closes.',
    );
  }
  const brook = createBrook({
    transport: ChatClient.spawn(),
    repo,
    local: localStorage,
    session: sessionStorage,
    pageOrigin: location.origin,
    storage,
  });
  await brook.init();
  return brook;
}
