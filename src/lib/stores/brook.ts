import {
  readRecoverySnapshots,
  clearRecoverySnapshot,
  mergeRecovered,
  type SyncStorage,
} from '../persistence/recovery';
import type { ConversationRepo } from '../persistence/repo';
import type { AnswerWriters } from './answer-writers';
import { createAttachmentSource, type AttachmentSource } from './attachment-source';
import { createChatStore, type ChatStore } from './chat-store';
import { createConnectionsStore, type ConnectionsStore } from './connections-store';
import { createConversationsStore, type ConversationsStore } from './conversations-store';
import { createDiscoveryStore, type DiscoveryStore } from './discovery-store';
import { createDraftStore, type DraftStore } from './drafts';
import { createModelOpsStore, type ModelOpsStore } from './model-ops-store';
import { createSettingsStore, type SettingsStore } from './settings-store';
import { createStorageStatus, type StorageStatus } from './storage-status';
import type { ChatTransport } from './transport';

/** Every store of the app, wired together. Views get this and nothing else. */
export interface Brook {
  settings: SettingsStore;
  connections: ConnectionsStore;
  conversations: ConversationsStore;
  /** Attached files read back for the views (thumbnails, a file's text). */
  attachments: AttachmentSource;
  chat: ChatStore;
  drafts: DraftStore;
  discovery: DiscoveryStore;
  /** Downloads, loaded models and model operations, per server. */
  models: ModelOpsStore;
  storage: StorageStatus;
  /** Recovers answers cut off by a closed tab, then loads the conversations. */
  init(): Promise<void>;
}

export interface BrookDeps {
  transport: ChatTransport;
  repo: ConversationRepo;
  local: SyncStorage;
  session: SyncStorage;
  pageOrigin: string;
  storage?: StorageStatus;
  writers?: AnswerWriters;
}

export function createBrook(deps: BrookDeps): Brook {
  const storage = deps.storage ?? createStorageStatus();
  const settings = createSettingsStore(deps.local, deps.session);
  const connections = createConnectionsStore(deps.transport, settings, deps.pageOrigin);
  const conversations = createConversationsStore(deps.repo, settings, storage, deps.writers);
  const attachments = createAttachmentSource(deps.repo);
  const chat = createChatStore({
    transport: deps.transport,
    conversations,
    attachments,
    settings,
    storage,
    recoveryStorage: deps.local,
    pageOrigin: deps.pageOrigin,
    ...(deps.writers ? { writers: deps.writers } : {}),
    onAnswerEnded: (server, streamed) => connections.answerEnded(server, streamed),
  });
  const drafts = createDraftStore(deps.local);
  const discovery = createDiscoveryStore(deps.transport, settings, deps.pageOrigin);
  const models = createModelOpsStore(deps.transport, settings, connections, deps.pageOrigin);

  /**
   * Each recovery copy goes back through the guarded write: a copy whose conversation was deleted
   * meanwhile (in another tab) is refused by storage and dropped, never written as an orphan.
   */
  async function recover(): Promise<void> {
    for (const { key, message } of readRecoverySnapshots(deps.local)) {
      try {
        const stored = await deps.repo.getMessage(message.id);
        await deps.repo.putMessage(mergeRecovered(stored, message));
        clearRecoverySnapshot(deps.local, key);
      } catch (error) {
        storage.failed(error); // the copy stays for the next start
      }
    }
  }

  return {
    settings,
    connections,
    conversations,
    attachments,
    chat,
    drafts,
    discovery,
    models,
    storage,
    async init() {
      await recover();
      await conversations.load();
    },
  };
}
