import type { AttachmentLookup } from '../attachments/prompt-text';
import type { ConversationRepo } from '../persistence/repo';
import type { AttachmentRecord } from '../vocabulary/attachments';
import type { MessageRecord } from '../vocabulary/records';

/**
 * Reads attached files back from storage: for a request (the files of the messages it sends) and
 * for the views (a thumbnail, a file's text). Nothing is cached here: a stored Blob is a handle
 * to bytes on disk, cheap to read again, and a cache would keep every image of a session alive.
 */
export interface AttachmentSource {
  /** The stored files the messages refer to, each read by id; one that fails is left out (the prompt says so). */
  lookup(conversationId: string, messages: readonly MessageRecord[]): Promise<AttachmentLookup>;
  /** One stored file, or undefined when it cannot be read. */
  get(conversationId: string, id: string): Promise<AttachmentRecord | undefined>;
}

export function createAttachmentSource(repo: ConversationRepo): AttachmentSource {
  async function get(conversationId: string, id: string): Promise<AttachmentRecord | undefined> {
    try {
      const file = await repo.getAttachment(id);
      return file?.conversationId === conversationId ? file : undefined;
    } catch {
      return undefined;
    }
  }
  return {
    async lookup(conversationId, messages) {
      const wanted = new Set(messages.flatMap((m) => (m.attachments ?? []).map((ref) => ref.id)));
      const found = await Promise.all([...wanted].map((id) => get(conversationId, id)));
      return new Map(found.flatMap((file) => (file ? [[file.id, file] as const] : [])));
    },
    get,
  };
}
