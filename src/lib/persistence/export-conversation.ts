import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportMessage,
  type ExportedAttachment,
  type ExportedConversation,
} from './export-format';
import { treeOfFlat } from '../tree/legacy-parents';
import { isIncomplete, type ConversationRecord, type MessageRecord } from '../vocabulary/records';
import type { AttachmentRef } from '../vocabulary/attachments';
import { formatBytes } from '../attachments/format-bytes';

/** Brook's JSON export of a conversation: every message of every branch (what import reads back). */
export function toExportJson(
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
  now: Date = new Date(),
  attachments: readonly ExportedAttachment[] = [],
): string {
  const data: ExportedConversation = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    conversation: {
      title: conversation.title,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      server: conversation.server,
      ...(conversation.model ? { model: conversation.model } : {}),
      settings: conversation.settings,
      ...(conversation.pinned ? { pinned: true } : {}),
      ...(conversation.folder ? { folder: conversation.folder } : {}),
      ...(conversation.branch ? { branch: { leafId: conversation.branch.leafId } } : {}),
    },
    messages: withParents(messages).map(exportMessage),
    ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
  };
  return JSON.stringify(data, null, 2);
}

const INCOMPLETE_NOTE: Record<string, string> = {
  stopped: 'This answer was stopped before the end',
  failed: 'This answer failed before the end',
  interrupted: 'This answer was interrupted before the end',
  streaming: 'This answer was interrupted before the end',
};

/** A readable Markdown transcript: a heading per turn, reasoning as a quote, incomplete answers noted. */
export function toMarkdown(conversation: ConversationRecord, messages: MessageRecord[]): string {
  const lines: string[] = [`# ${conversation.title}`, ''];
  const model = conversation.model ? ` · ${conversation.model}` : '';
  lines.push(`_Exported from Brook${model} · ${new Date(conversation.updatedAt).toISOString()}_`, '');
  if (conversation.settings.systemPrompt.trim()) {
    lines.push('## System prompt', '', conversation.settings.systemPrompt.trim(), '');
  }
  for (const message of messages) {
    const who =
      message.role === 'user' ? 'You' : message.model ? `Assistant (${message.model})` : 'Assistant';
    lines.push(`## ${who}`, '');
    if (message.reasoning?.trim()) {
      lines.push(
        ...message.reasoning
          .trim()
          .split('\n')
          .map((line) => `> ${line}`),
        '',
      );
    }
    lines.push(message.content, '');
    if (message.attachments?.length) lines.push(attachedLine(message.attachments), '');
    const note = INCOMPLETE_NOTE[message.status];
    if (note && (isIncomplete(message.status) || message.status === 'streaming')) {
      const reason = message.error ? `: ${message.error.message.replace(/\.$/, '')}` : '';
      lines.push(`_(${note}${reason}.)_`, '');
    }
  }
  return lines.join('\n');
}

/** Attached files by name (the JSON export carries their bytes; Markdown only names them). */
function attachedLine(refs: readonly AttachmentRef[]): string {
  const names = refs.map((ref) => `${ref.name.replace(/[\\`*_[\]<>]/g, '\\$&')} (${describeRef(ref)})`);
  return `_Attached: ${names.join(', ')}_`;
}

function describeRef(ref: AttachmentRef): string {
  const size = formatBytes(ref.sizeBytes);
  if (ref.kind === 'image') return `image, ${ref.width ?? '?'}×${ref.height ?? '?'}, ${size}`;
  const tokens = ref.tokens !== undefined ? `, about ${ref.tokens} tokens` : '';
  if (ref.kind === 'pdf') return `PDF, ${ref.pages ?? '?'} pages${tokens}`;
  return `text file, ${size}${tokens}`;
}

/** A file name from the title: letters, digits and dashes only. */
export function exportFileName(conversation: ConversationRecord, extension: 'md' | 'json'): string {
  const slug = conversation.title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'conversation'}.${extension}`;
}

/** Parents for any record written before the tree (a recovery copy): the file is always a tree. */
function withParents(messages: readonly MessageRecord[]): readonly MessageRecord[] {
  return treeOfFlat(messages).messages;
}
