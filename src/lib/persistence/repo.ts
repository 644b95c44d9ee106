import type { ConversationRecord, MessageRecord } from './records';

/** Storage of conversations and messages; IndexedDB in the app, in memory where that fails. */
export interface ConversationRepo {
  /** Newest first. */
  listConversations(): Promise<ConversationRecord[]>;
  /** In conversation order. */
  listMessages(conversationId: string): Promise<MessageRecord[]>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  putConversation(conversation: ConversationRecord): Promise<void>;
  putMessage(message: MessageRecord): Promise<void>;
  deleteMessages(ids: string[]): Promise<void>;
  /** Removes the conversation and all its messages in one transaction. */
  deleteConversation(id: string): Promise<void>;
  /** Writes a conversation and its messages in one transaction: all or nothing. */
  putConversationWithMessages(conversation: ConversationRecord, messages: MessageRecord[]): Promise<void>;
}

export function byUpdatedDesc(a: ConversationRecord, b: ConversationRecord): number {
  return b.updatedAt - a.updatedAt;
}

export function bySeq(a: MessageRecord, b: MessageRecord): number {
  return a.seq - b.seq;
}
