import type { ConversationRecord, MessageRecord } from './records';
import { bySeq, byUpdatedDesc, type ConversationRepo } from './repo';

/**
 * A repository that keeps everything in memory: the fallback when IndexedDB cannot be opened
 * (the user is told nothing will be saved), and a simple double for tests.
 */
export function createMemoryRepo(): ConversationRepo {
  const conversations = new Map<string, ConversationRecord>();
  const messages = new Map<string, MessageRecord>();
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
    async putConversation(conversation) {
      conversations.set(conversation.id, clone(conversation));
    },
    async putMessage(message) {
      messages.set(message.id, clone(message));
    },
    async deleteMessages(ids) {
      for (const id of ids) messages.delete(id);
    },
    async deleteConversation(id) {
      conversations.delete(id);
      for (const [key, message] of messages) if (message.conversationId === id) messages.delete(key);
    },
    async putConversationWithMessages(conversation, list) {
      conversations.set(conversation.id, clone(conversation));
      for (const message of list) messages.set(message.id, clone(message));
    },
  };
}
