import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import type { AttachmentRecord } from '../vocabulary/attachments';
import { bySeq, byUpdatedDesc, type ConversationRepo } from './repo';

/**
 * A repository that keeps everything in memory: the fallback when IndexedDB cannot be opened
 * (the user is told nothing will be saved), and a simple double for tests. Same guarded-write
 * contract as the IndexedDB one.
 */
export function createMemoryRepo(): ConversationRepo {
  const conversations = new Map<string, ConversationRecord>();
  const messages = new Map<string, MessageRecord>();
  const attachments = new Map<string, AttachmentRecord>();
  const deleted = new Set<string>();
  const clone = <T>(value: T): T => structuredClone(value);
  // A Blob cannot change, so a file record is copied around it rather than through it.
  const keep = (list: AttachmentRecord[]) => {
    for (const attachment of list) attachments.set(attachment.id, { ...attachment });
  };
  /** Frees the conversation's files no message of it refers to; returns them. */
  const sweep = (conversationId: string): AttachmentRecord[] => {
    const kept = new Set<string>();
    for (const message of messages.values())
      if (message.conversationId === conversationId)
        for (const ref of message.attachments ?? []) kept.add(ref.id);
    const freed: AttachmentRecord[] = [];
    for (const [key, attachment] of attachments)
      if (attachment.conversationId === conversationId && !kept.has(key)) {
        freed.push(attachment);
        attachments.delete(key);
      }
    return freed;
  };
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
    async listAttachments(conversationId) {
      return [...attachments.values()]
        .filter((attachment) => attachment.conversationId === conversationId)
        .map((attachment) => ({ ...attachment }));
    },
    async getAttachment(id) {
      const attachment = attachments.get(id);
      return attachment && { ...attachment };
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
    async putMessage(message, files = []) {
      if (!conversations.has(message.conversationId)) return 'conversation-gone';
      keep(files);
      messages.set(message.id, clone(message));
      return 'saved';
    },
    async deleteMessages(ids) {
      const owners = new Set<string>();
      for (const id of ids) {
        const message = messages.get(id);
        if (message) owners.add(message.conversationId);
        messages.delete(id);
      }
      return [...owners].flatMap(sweep);
    },
    async deleteConversation(id) {
      deleted.add(id);
      conversations.delete(id);
      for (const [key, message] of messages) if (message.conversationId === id) messages.delete(key);
      sweep(id);
    },
    async putConversationWithMessages(conversation, list, files = []) {
      if (deleted.has(conversation.id)) return 'conversation-gone';
      conversations.set(conversation.id, clone(conversation));
      for (const message of list) messages.set(message.id, clone(message));
      keep(files);
      return 'saved';
    },
  };
}
