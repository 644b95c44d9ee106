import { newId } from '../persistence/ids';
import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import type { AppSettings } from './settings-store';

export const UNTITLED = 'New chat';

/** A fresh conversation with the app's current default server, model and model settings. */
export function newConversation(settings: AppSettings, now = Date.now()): ConversationRecord {
  // No server at all (every one removed): the chat names none until the user adds one.
  const server = settings.defaultServer ?? settings.servers[0]?.id ?? '';
  const model = settings.defaultModels[server];
  return {
    id: newId(),
    title: UNTITLED,
    createdAt: now,
    updatedAt: now,
    server,
    ...(model ? { model } : {}),
    settings: { ...settings.defaultConversationSettings },
  };
}

/** A title from the first message: its first line, cut at a word near 60 characters. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  if (!line) return UNTITLED;
  if (line.length <= 60) return line;
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return (space > 30 ? cut.slice(0, space) : cut) + '…';
}

/** The user's message, following `parent` (the last message of the history it is asked after). */
export function newUserMessage(
  conversationId: string,
  parent: MessageRecord | undefined,
  content: string,
  now: number,
): MessageRecord {
  return {
    id: newId(),
    conversationId,
    seq: (parent?.seq ?? -1) + 1,
    role: 'user',
    parentId: parent?.id ?? null,
    content,
    createdAt: now,
    updatedAt: now,
    status: 'complete',
  };
}

/**
 * An empty answer about to stream, bound to the question it answers (the last message of the
 * history). A second answer to one question is a new version beside the first.
 */
export function newAnswer(
  conversation: ConversationRecord,
  question: MessageRecord | undefined,
  now: number,
): MessageRecord {
  return {
    id: newId(),
    conversationId: conversation.id,
    seq: (question?.seq ?? -1) + 1,
    role: 'assistant',
    parentId: question?.id ?? null,
    ...(question ? { replyTo: question.id } : {}),
    content: '',
    createdAt: now,
    updatedAt: now,
    status: 'streaming',
    server: conversation.server,
    ...(conversation.model ? { model: conversation.model } : {}),
    ...(conversation.settings.responseFormat ? { format: 'json' as const } : {}),
  };
}
