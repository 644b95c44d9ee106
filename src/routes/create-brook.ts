import { announcingRepo, broadcastChangeFeed } from '../lib/persistence/change-feed';
import { createIdbRepo, type OpenEvents } from '../lib/persistence/idb-repo';
import { createMemoryRepo } from '../lib/persistence/memory-repo';
import type { ConversationRepo } from '../lib/persistence/repo';
import { createBrook, type Brook } from '../lib/stores/brook';
import { webLockWriters } from '../lib/stores/answer-writers';
import { createStorageStatus } from '../lib/stores/storage-status';
import { ChatClient } from '../lib/workers/chat-client';

/** The app's stores with the real parts: the chat worker, IndexedDB and localStorage. */
export async function createBrowserBrook(events: OpenEvents = {}): Promise<Brook> {
  const storage = createStorageStatus();
  let repo: ConversationRepo;
  let memoryOnly = false;
  try {
    repo = await createIdbRepo(undefined, events);
  } catch (error) {
    memoryOnly = true;
    console.warn('Brook: IndexedDB unavailable, keeping conversations in memory', error);
    repo = createMemoryRepo();
    storage.unavailable(
      'Brook cannot open its database in this browser (private mode?), so conversations last only until this tab closes.',
    );
  }
  // Tabs share IndexedDB: each announces its writes, and re-reads on the others' (not in memory).
  const feed = memoryOnly ? null : broadcastChangeFeed();
  const brook = createBrook({
    transport: ChatClient.spawn(),
    repo: feed ? announcingRepo(repo, feed) : repo,
    writers: webLockWriters(),
    local: localStorage,
    session: sessionStorage,
    pageOrigin: location.origin,
    storage,
  });
  await brook.init();
  feed?.subscribe((change) => void brook.conversations.refresh(change));
  return brook;
}
