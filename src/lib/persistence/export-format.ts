import type { ConversationRecord, MessageRecord } from '../vocabulary/records';

/** The `format` tag of Brook's JSON export. */
export const EXPORT_FORMAT = 'brook.conversation';
/** 1: the path shown, in order. 2: the whole tree, each message with its `id` and `parentId`. */
export const EXPORT_VERSION = 2;

/**
 * One message as written to a file. Its `id` only links the file's messages (import makes new
 * ids); position is the tree's depth, worked out again on import.
 */
export type ExportedMessage = Omit<
  MessageRecord,
  'id' | 'conversationId' | 'seq' | 'updatedAt' | 'parentId' | 'replyTo' | 'replaces'
> & { id: string; parentId: string | null };

/** The whole JSON export of one conversation. */
export interface ExportedConversation {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  conversation: Omit<ConversationRecord, 'id' | 'branch'> & { branch?: { leafId: string } };
  messages: ExportedMessage[];
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
  if (message.reasoning) out.reasoning = message.reasoning;
  if (message.finishReason) out.finishReason = message.finishReason;
  if (message.error) out.error = message.error;
  if (message.stats) out.stats = message.stats;
  if (message.model) out.model = message.model;
  if (message.server) out.server = message.server;
  if (message.format) out.format = message.format;
  if (message.toolRounds?.length) out.toolRounds = message.toolRounds;
  if (message.toolCalls?.length) out.toolCalls = message.toolCalls;
  return out;
}
