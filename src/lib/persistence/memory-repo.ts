import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import { bySeq, byUpdatedDesc, type ConversationRepo } from './repo';

/**
 * A repository that keeps everything in memory: the fallback when IndexedDB cannot be opened
 * (the user is told nothing will be saved), and a simple double for tests. Same guarded-write
 * contract as the IndexedDB one.
 */
export function createMemoryRepo(): ConversationRepo {
  const conversations = new Map<string, ConversationRecord>();
  const messages = new Map<string, MessageRecord>();
  const deleted = new Set<string>();
  const clone = <T>(value: T): T => structuredClone(value);
  return {
    async listConversations() {
      return [...conversations.values()].map(clone).sort(byUpdatedDesc);
    },
    async listMessages(conversationId) {
      return [...messages.values()]
        .filter((m) => m.conversationId === conversationId)
        .map(clone)
        .sort(bySeq);
    },
    async getMessage(id) {
      const message = messages.get(id);
      return message && clone(message);
    },
    async createConversation(conversation) {
      if (deleted.has(conversation.id)) return 'conversation-gone';
      conversations.set(conversation.id, clone(conversation));
      return 'saved';
    },
    async updateConversation(conversation) {
      if (!conversations.has(conversation.id)) return 'conversation-gone';
      conversations.set(conversation.id, clone(conversation));
      return 'saved';
    },
    async putMessage(message) {
      if (!conversations.has(message.conversationId)) return 'conversation-gone';
      messages.set(message.id, clone(message));
      return 'saved';
    },
    async deleteMessages(ids) {
      for (const id of ids) messages.delete(id);
    },
    async deleteConversation(id) {
      deleted.add(id);
      conversations.delete(id);
      for (const [key, message] of messages) if (message.conversationId === id) messages.delete(key);
    },
    async putConversationWithMessages(conversation, list) {
      if (deleted.has(conversation.id)) return 'conversation-gone';
      conversations.set(conversation.id, clone(conversation));
      for (const message of list) messages.set(message.id, clone(message));
      return 'saved';
    },
  };
}
