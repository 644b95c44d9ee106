import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import type { AttachmentRecord } from '../vocabulary/attachments';
import { base64OfBlob } from '../attachments/base64';

/** The `format` tag of Brook's JSON export. */
export const EXPORT_FORMAT = 'brook.conversation';
/**
 * 1: the path shown, in order. 2: the whole tree, each message with its `id` and `parentId`.
 * 3: attached files too: messages list theirs (`attachments`), the file carries their bytes.
 */
export const EXPORT_VERSION = 3;

/**
 * One message as written to a file. Its `id` only links the file's messages (import makes new
 * ids); position is the tree's depth, worked out again on import.
 */
export type ExportedMessage = Omit<
  MessageRecord,
  'id' | 'conversationId' | 'seq' | 'updatedAt' | 'parentId' | 'replyTo' | 'replaces'
> & { id: string; parentId: string | null };

/** Files larger than this are refused before parsing (so an export must stay under it too). */
export const MAX_IMPORT_CHARS = 150_000_000;

/** An attached file as written to a file: its bytes in base64, and the text a prompt carries. */
export interface ExportedAttachment {
  id: string;
  base64: string;
  text?: string;
}

/** The whole JSON export of one conversation. */
export interface ExportedConversation {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  conversation: Omit<ConversationRecord, 'id' | 'branch'> & { branch?: { leafId: string } };
  messages: ExportedMessage[];
  attachments?: ExportedAttachment[];
}

/** The stored files of a conversation as an export carries them. */
export async function exportAttachments(records: readonly AttachmentRecord[]): Promise<ExportedAttachment[]> {
  return Promise.all(
    records.map(async (record) => ({
      id: record.id,
      base64: await base64OfBlob(record.data),
      ...(record.text !== undefined ? { text: record.text } : {}),
    })),
  );
}

export function exportMessage(message: MessageRecord): ExportedMessage {
  const out: ExportedMessage = {
    id: message.id,
    parentId: message.parentId ?? null,
    role: message.role,
    content: message.content,
    createdAt: message.createdAt,
    status: message.status === 'streaming' ? 'interrupted' : message.status,
  };
  if (message.attachments?.length) out.attachments = message.attachments;
  if (message.reasoning) out.reasoning = message.reasoning;
  if (message.finishReason) out.finishReason = message.finishReason;
  if (message.error) out.error = message.error;
  if (message.stats) out.stats = message.stats;
  if (message.timeline) out.timeline = message.timeline;
  if (message.model) out.model = message.model;
  if (message.server) out.server = message.server;
  if (message.format) out.format = message.format;
  if (message.toolRounds?.length) out.toolRounds = message.toolRounds;
  if (message.toolCalls?.length) out.toolCalls = message.toolCalls;
  if (message.maxTokens !== undefined) out.maxTokens = message.maxTokens;
  return out;
}
