import type { ConversationRepo } from './repo';

/**
 * Tells other tabs of the same app that this tab wrote to the database, so two tabs open on the
 * same conversations show the same messages. IndexedDB itself has no change events; a
 * BroadcastChannel carries a small notice and each tab re-reads what it shows.
 */

/** What changed: a conversation (its record or messages), or null when Brook cannot tell which. */
export interface StoredChange {
  conversationId: string | null;
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
  const id = (data as { conversationId?: unknown }).conversationId;
  return typeof id === 'string' || id === null ? { conversationId: id } : undefined;
}

/** A repository that announces each write once it landed, and knows which writes are under way. */
export interface AnnouncingRepo extends ConversationRepo {
  /** True while a write of this record (conversation or message id) has not landed yet. */
  isPending(id: string): boolean;
}

export function announcingRepo(repo: ConversationRepo, feed: ChangeFeed): AnnouncingRepo {
  const pending = new Map<string, number>();
  async function write(
    ids: string[],
    conversationId: string | null,
    run: () => Promise<void>,
  ): Promise<void> {
    for (const id of ids) pending.set(id, (pending.get(id) ?? 0) + 1);
    try {
      await run();
      feed.post({ conversationId });
    } finally {
      for (const id of ids) {
        const left = (pending.get(id) ?? 1) - 1;
        if (left > 0) pending.set(id, left);
        else pending.delete(id);
      }
    }
  }
  return {
    listConversations: () => repo.listConversations(),
    listMessages: (conversationId) => repo.listMessages(conversationId),
    getMessage: (id) => repo.getMessage(id),
    putConversation: (c) => write([c.id], c.id, () => repo.putConversation(c)),
    putMessage: (m) => write([m.id], m.conversationId, () => repo.putMessage(m)),
    deleteMessages: (ids) => write(ids, null, () => repo.deleteMessages(ids)),
    deleteConversation: (id) => write([id], id, () => repo.deleteConversation(id)),
    putConversationWithMessages: (c, messages) =>
      write([c.id, ...messages.map((m) => m.id)], c.id, () => repo.putConversationWithMessages(c, messages)),
    isPending: (id) => pending.has(id),
  };
}
