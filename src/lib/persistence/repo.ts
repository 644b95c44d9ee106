import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import type { AttachmentRecord } from '../vocabulary/attachments';

/**
 * What a guarded write did. `conversation-gone`: the conversation the record belongs to does not
 * exist (deleted here or in another tab, or never saved), so nothing was written. Checked inside
 * the write's own transaction, so no caller can write into a deleted conversation.
 */
export type WriteResult = 'saved' | 'conversation-gone';

/**
 * Storage of conversations and messages; IndexedDB in the app, in memory where that fails. It is
 * the one write path for records: every message write and every conversation update checks, in
 * the same transaction, that the conversation exists, and a deleted conversation's id is kept
 * (a tombstone) so no late write can bring it back.
 */
export interface ConversationRepo {
  /** Newest first. */
  listConversations(): Promise<ConversationRecord[]>;
  /** In conversation order. */
  listMessages(conversationId: string): Promise<MessageRecord[]>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  /** The stored files of a conversation's messages (any order). */
  listAttachments(conversationId: string): Promise<AttachmentRecord[]>;
  /** One stored file. */
  getAttachment(id: string): Promise<AttachmentRecord | undefined>;
  /** Saves a new conversation; refused for the id of a deleted one. */
  createConversation(conversation: ConversationRecord): Promise<WriteResult>;
  /** Saves changes to an existing conversation; refused when it no longer exists. */
  updateConversation(conversation: ConversationRecord): Promise<WriteResult>;
  /**
   * Saves a message, and the files it brings (a new question's), in one transaction; refused
   * when its conversation does not exist.
   */
  putMessage(message: MessageRecord, attachments?: AttachmentRecord[]): Promise<WriteResult>;
  /**
   * Removes messages, and the files no message left in their conversation refers to; resolves to
   * those files as they were (read in the same transaction, so Undo can put back exactly them).
   */
  deleteMessages(ids: string[]): Promise<AttachmentRecord[]>;
  /** Removes the conversation, its messages and files in one transaction, and remembers the id. */
  deleteConversation(id: string): Promise<void>;
  /** Writes a new conversation, its messages and files in one transaction: all or nothing. */
  putConversationWithMessages(
    conversation: ConversationRecord,
    messages: MessageRecord[],
    attachments?: AttachmentRecord[],
  ): Promise<WriteResult>;
}

export function byUpdatedDesc(a: ConversationRecord, b: ConversationRecord): number {
  return b.updatedAt - a.updatedAt;
}

export function bySeq(a: MessageRecord, b: MessageRecord): number {
  return a.seq - b.seq || a.createdAt - b.createdAt;
}
