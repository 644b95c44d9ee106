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
  /** The stored files the messages refer to; a failed read gives none (the prompt says so). */
  lookup(conversationId: string, messages: readonly MessageRecord[]): Promise<AttachmentLookup>;
  /** One stored file, or undefined when it cannot be read. */
  get(conversationId: string, id: string): Promise<AttachmentRecord | undefined>;
}

export function createAttachmentSource(repo: ConversationRepo): AttachmentSource {
  async function stored(conversationId: string): Promise<AttachmentRecord[]> {
    try {
      return await repo.listAttachments(conversationId);
    } catch {
      return [];
    }
  }
  return {
    async lookup(conversationId, messages) {
      const wanted = new Set(messages.flatMap((m) => (m.attachments ?? []).map((ref) => ref.id)));
      if (wanted.size === 0) return new Map();
      const found = (await stored(conversationId)).filter((file) => wanted.has(file.id));
      return new Map(found.map((file) => [file.id, file]));
    },
    async get(conversationId, id) {
      try {
        const file = await repo.getAttachment(id);
        return file?.conversationId === conversationId ? file : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
