import type { ConversationRecord, MessageRecord, MessageRole } from '../vocabulary/records';
import { fold, normalizeQuery, snippetAt, type Snippet } from './search-text';

/** One place a query was found: a conversation's title, or a message (on any branch). */
export interface SearchHit {
  conversationId: string;
  title: string;
  updatedAt: number;
  /** Unset: the title matched. */
  messageId?: string;
  role?: MessageRole;
  snippet: Snippet;
}

export interface SearchResults {
  query: string;
  hits: SearchHit[];
  /** More matched than were returned. */
  more: boolean;
}

interface IndexedMessage {
  id: string;
  createdAt: number;
  role: MessageRole;
  text: string;
  folded: string;
}

interface IndexedConversation {
  id: string;
  title: string;
  foldedTitle: string;
  updatedAt: number;
  /** Oldest first once `sorted`. */
  messages: IndexedMessage[];
  sorted: boolean;
}

/** At most this many hits per conversation, so one long chat cannot fill the list. */
const PER_CONVERSATION = 3;

/**
 * The text of every conversation, kept in memory (in the search worker) so a query is a scan of
 * plain strings: newest conversations first, titles before messages, stopping at the limit.
 */
export class SearchIndex {
  private readonly conversations = new Map<string, IndexedConversation>();
  private order: IndexedConversation[] | null = null;

  get size(): number {
    return this.conversations.size;
  }

  setConversation(record: Pick<ConversationRecord, 'id' | 'title' | 'updatedAt'>): void {
    const existing = this.conversations.get(record.id);
    this.conversations.set(record.id, {
      id: record.id,
      title: record.title,
      foldedTitle: fold(record.title),
      updatedAt: record.updatedAt,
      messages: existing?.messages ?? [],
      sorted: existing?.sorted ?? true,
    });
    this.order = null;
  }

  /** Adds messages of known conversations (those of an unknown one are dropped). */
  addMessages(messages: readonly MessageRecord[]): void {
    for (const message of messages) {
      const conversation = this.conversations.get(message.conversationId);
      if (!conversation) continue;
      const text = searchableText(message);
      if (!text) continue;
      const folded = fold(text);
      conversation.messages.push({
        id: message.id,
        createdAt: message.createdAt,
        role: message.role,
        text,
        folded,
      });
      conversation.sorted = false;
    }
  }

  /** Everything a conversation now holds, replacing what was indexed of it. */
  setMessages(conversationId: string, messages: readonly MessageRecord[]): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    conversation.messages = [];
    this.addMessages(messages);
  }

  removeConversation(id: string): void {
    this.conversations.delete(id);
    this.order = null;
  }

  search(query: string, limit = 50): SearchResults {
    const q = normalizeQuery(query);
    const hits: SearchHit[] = [];
    if (!q) return { query: q, hits, more: false };
    this.order ??= [...this.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
    for (const conversation of this.order) {
      let found = 0;
      const hit = (extra: Omit<SearchHit, 'conversationId' | 'title' | 'updatedAt'>) => {
        hits.push({
          conversationId: conversation.id,
          title: conversation.title,
          updatedAt: conversation.updatedAt,
          ...extra,
        });
        found++;
      };
      const inTitle = conversation.foldedTitle.indexOf(q);
      if (inTitle !== -1)
        hit({ snippet: snippetAt(conversation.title, conversation.foldedTitle, inTitle, q) });
      if (!conversation.sorted) {
        conversation.messages.sort((a, b) => a.createdAt - b.createdAt);
        conversation.sorted = true;
      }
      // Newest messages first: the latest mention is usually the one wanted.
      for (let i = conversation.messages.length - 1; i >= 0 && found < PER_CONVERSATION; i--) {
        const message = conversation.messages[i]!;
        const at = message.folded.indexOf(q);
        if (at === -1) continue;
        if (hits.length >= limit) return { query: q, hits, more: true };
        hit({
          messageId: message.id,
          role: message.role,
          snippet: snippetAt(message.text, message.folded, at, q),
        });
      }
      if (hits.length >= limit) return { query: q, hits: hits.slice(0, limit), more: true };
    }
    return { query: q, hits, more: false };
  }
}

/** What a message contributes to search: its text, and an answer's reasoning. */
function searchableText(message: MessageRecord): string {
  const rounds = message.toolRounds?.map((round) => round.text).filter(Boolean) ?? [];
  return [message.content, ...rounds, message.reasoning ?? ''].filter(Boolean).join('\n');
}
