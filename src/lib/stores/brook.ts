import {
  readRecoverySnapshot,
  clearRecoverySnapshot,
  mergeRecovered,
  type SyncStorage,
} from '../persistence/recovery';
import type { ConversationRepo } from '../persistence/repo';
import { createChatStore, type ChatStore } from './chat-store';
import { createConnectionsStore, type ConnectionsStore } from './connections-store';
import { createConversationsStore, type ConversationsStore } from './conversations-store';
import { createSettingsStore, type SettingsStore } from './settings-store';
import { createStorageStatus, type StorageStatus } from './storage-status';
import type { ChatTransport } from './transport';

/** Every store of the app, wired together. Views get this and nothing else. */
export interface Brook {
  settings: SettingsStore;
  connections: ConnectionsStore;
  conversations: ConversationsStore;
  chat: ChatStore;
  storage: StorageStatus;
  /** Recovers an answer cut off by a closed tab, then loads the conversations. */
  init(): Promise<void>;
}

export interface BrookDeps {
  transport: ChatTransport;
  repo: ConversationRepo;
  local: SyncStorage;
  session: SyncStorage;
  pageOrigin: string;
  storage?: StorageStatus;
}

export function createBrook(deps: BrookDeps): Brook {
  const storage = deps.storage ?? createStorageStatus();
  const settings = createSettingsStore(deps.local, deps.session);
  const connections = createConnectionsStore(deps.transport, settings, deps.pageOrigin);
  const conversations = createConversationsStore(deps.repo, settings, storage);
  const chat = createChatStore({
    transport: deps.transport,
    repo: deps.repo,
    conversations,
    settings,
    storage,
    recoveryStorage: deps.local,
    pageOrigin: deps.pageOrigin,
  });

  async function recover(): Promise<void> {
    const snapshot = readRecoverySnapshot(deps.local);
    if (!snapshot) return;
    try {
      const stored = await deps.repo.getMessage(snapshot.id);
      await deps.repo.putMessage(mergeRecovered(stored, snapshot));
      clearRecoverySnapshot(deps.local);
    } catch (error) {
      storage.failed(error); // the snapshot stays for the next start
    }
  }

  return {
    settings,
    connections,
    conversations,
    chat,
    storage,
    async init() {
      await recover();
      await conversations.load();
    },
  };
}
