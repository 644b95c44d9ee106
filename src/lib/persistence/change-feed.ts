import type { ConversationRepo, WriteResult } from './repo';

/**
 * Tells other tabs of the same app that this tab wrote to the database, so two tabs open on the
 * same conversations show the same messages. IndexedDB itself has no change events; a
 * BroadcastChannel carries a small notice and each tab re-reads what it shows.
 */

/**
 * What changed: a conversation (its record or messages), or null when Brook cannot tell which.
 * `deleted`: the conversation was deleted, so any answer to it must stop.
 */
export interface StoredChange {
  conversationId: string | null;
  deleted?: boolean;
}

export interface ChangeFeed {
  post(change: StoredChange): void;
  /** Changes made by other tabs (never this tab's own). */
  subscribe(listener: (change: StoredChange) => void): () => void;
  close(): void;
}

const CHANNEL = 'brook.changes.v1';

/** The feed over a BroadcastChannel; a silent one where the browser has none. */
export function broadcastChangeFeed(name = CHANNEL): ChangeFeed {
  if (typeof BroadcastChannel === 'undefined') {
    return { post: () => {}, subscribe: () => () => {}, close: () => {} };
  }
  const channel = new BroadcastChannel(name);
  return {
    post: (change) => channel.postMessage(change),
    subscribe(listener) {
      const onMessage = (event: MessageEvent<unknown>): void => {
        const change = asChange(event.data);
        if (change) listener(change);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
    close: () => channel.close(),
  };
}

function asChange(data: unknown): StoredChange | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { conversationId: id, deleted } = data as { conversationId?: unknown; deleted?: unknown };
  if (typeof id !== 'string' && id !== null) return undefined;
  return deleted === true ? { conversationId: id, deleted: true } : { conversationId: id };
}

/** A repository that announces each write once it landed (refused writes changed nothing). */
export function announcingRepo(repo: ConversationRepo, feed: ChangeFeed): ConversationRepo {
  async function announce(conversationId: string, write: Promise<WriteResult>): Promise<WriteResult> {
    const result = await write;
    if (result === 'saved') feed.post({ conversationId });
    return result;
  }
  return {
    listConversations: () => repo.listConversations(),
    listMessages: (conversationId) => repo.listMessages(conversationId),
    getMessage: (id) => repo.getMessage(id),
    listAttachments: (conversationId) => repo.listAttachments(conversationId),
    getAttachment: (id) => repo.getAttachment(id),
    createConversation: (c) => announce(c.id, repo.createConversation(c)),
    updateConversation: (c) => announce(c.id, repo.updateConversation(c)),
    putMessage: (m, attachments) => announce(m.conversationId, repo.putMessage(m, attachments)),
    async deleteMessages(ids) {
      const freed = await repo.deleteMessages(ids);
      feed.post({ conversationId: null });
      return freed;
    },
    async deleteConversation(id) {
      await repo.deleteConversation(id);
      feed.post({ conversationId: id, deleted: true });
    },
    putConversationWithMessages: (c, messages, attachments) =>
      announce(c.id, repo.putConversationWithMessages(c, messages, attachments)),
  };
}
